# Raises Python exceptions that the page catches in JS as PythonError.
def parse_age(text: str) -> int:
    age = int(text)
    if age < 0:
        raise ValueError(f"age must be non-negative, got {age}")
    return age

def ratio(a: int, b: int) -> float:
    return a / b
