# Text processing: word statistics and a Caesar cipher over a JS string.
def word_stats(text: str) -> dict[str, int]:
    counts = {}
    for word in text.lower().split():
        word = word.strip(".,;:!?\"'()")
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts

def top_words(text: str, n: int) -> list[tuple[str, int]]:
    counts = word_stats(text)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:n]

def caesar(text: str, shift: int) -> str:
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            out.append(chr((ord(ch) - 97 + shift) % 26 + 97))
        elif "A" <= ch <= "Z":
            out.append(chr((ord(ch) - 65 + shift) % 26 + 65))
        else:
            out.append(ch)
    return "".join(out)

def title_case(text: str) -> str:
    return " ".join([w[:1].upper() + w[1:] for w in text.split(" ")])
