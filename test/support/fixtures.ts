/** The fixture modules, as tests pass them to Process (children run their compiled form, built into dist/test/fixtures). */
export const workers = new URL('../fixtures/workers.ts', import.meta.url);
