// Ambient fallback for `.py` imports (`/// <reference types="unplugin-molt/py-modules" />`, or
// "types": ["unplugin-molt/py-modules"] in tsconfig): a shorthand declaration, so every named
// and default import of a Python module type-checks as `any`. The plugin's `dts` option writes
// exact declarations per module (`NAME.d.py.ts`, read with TypeScript's allowArbitraryExtensions).
declare module "*.py";
