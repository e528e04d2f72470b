/**
 * Template engine: Jinja2 as Ansible runs it. The only module importing
 * nunjucks (for its tokenizer and statement parser); evaluation follows
 * Python's semantics. See templar.ts for the entry points.
 */
export { OMIT, Templar, type ConditionResult, type TemplarOptions, type TemplateWhitespace, type Vars } from './templar.js';
export type { LookupFn } from './lookup-call.js';
export { LOOKUP_NAMES, searchCandidates, standardLookups } from './lookups.js';
export { createLazyVars, markRendered, rawLayers, type LazyVars } from './lazy.js';
export type { VarScope } from './scope.js';
export { isUndefinedError, str as pythonStr, truthy as pythonTruthy } from './values.js';
export { dictEntries, keyId, makeDict } from './pydict.js';
export { hasMarkup, templateSyntaxError, type SyntaxKind, type SyntaxProblem } from './syntax-check.js';
export { templateNames, TEMPLATE_GLOBALS, type NameUse, type TemplateNames } from './free-names.js';
