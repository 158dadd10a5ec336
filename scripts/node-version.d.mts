/** Types of node-version.mjs (plain JavaScript: it runs before the TypeScript loader is registered). */
export function nodeVersionProblem(required: string, actual: string): string | null;
export function requireNodeVersion(): void;
