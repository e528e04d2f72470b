/**
 * The parsed tree: nunjucks' node classes for what its grammar shares with
 * Jinja2, plain objects built by mk() for the nodes Jinja2 has and nunjucks
 * lacks (Tuple, Slice, FilterCall, Test, NSRef, With, ...).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any */
export const nodes: any = require('nunjucks/src/nodes.js');

/** A node of the parsed tree (nunjucks' node classes plus a few of ours). */
export interface Node {
  typename: string;
  lineno: number;
  colno: number;
  [field: string]: any;
}

export function mk(typename: string, lineno: number, colno: number, fields: Record<string, unknown>): Node {
  return { typename, lineno, colno, ...fields };
}
