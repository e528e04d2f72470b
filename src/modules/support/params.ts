/**
 * zod pieces for Ansible's loose parameter types: templated arguments often
 * arrive as strings ("yes", "30", "a,b"), which Ansible accepts, so we do too.
 */
import { z } from 'zod';

function boolish(value: unknown): unknown {
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['yes', 'true', 'on', '1', 'y', 't'].includes(v)) return true;
    if (['no', 'false', 'off', '0', 'n', 'f'].includes(v)) return false;
  }
  if (value === 1) return true;
  if (value === 0) return false;
  return value;
}

function intish(value: unknown): unknown {
  return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
}

function numberish(value: unknown): unknown {
  return typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
}

/** Ansible's `type: list` of strings: a list, or a comma-separated string. */
function listish(value: unknown): unknown {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return value;
}

export const bool = () => z.preprocess(boolish, z.boolean());
export const int = (min?: number) => z.preprocess(intish, min === undefined ? z.number().int() : z.number().int().min(min));
export const num = () => z.preprocess(numberish, z.number());
export const strList = () => z.preprocess(listish, z.array(z.string()));
/** A mode as Ansible takes it: octal string ('0644', 'u=rw') or a number (YAML 0644 is already 420). */
export const fileMode = () => z.union([z.string(), z.number().int()]);
