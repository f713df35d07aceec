/**
 * The template language: expr-lang expressions, `{{ }}` tags, `when` conditions and `depends` logic.
 */
export * from './depends/index.js';
export * from './lang/index.js';
export * from './tags/index.js';
export * from './when/index.js';
