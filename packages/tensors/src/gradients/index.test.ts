// The registry: every gradient of this folder is the one tfjs uses, and
// replacing tfjs's entries logs nothing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tfc } from '../tfjs.js';
import { gradConfigs, registerGradients } from './index.js';

describe('gradient registry', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    tfc.env().set('DEBUG', false);
  });

  it('every gradient of src/gradients is registered, once per kernel', () => {
    const names = gradConfigs.map((c) => c.kernelName);
    expect(new Set(names).size).toBe(names.length);
    for (const config of gradConfigs) expect(tfc.getGradient(config.kernelName)).toBe(config);
  });

  it("replaces tfjs's entries without the 'Overriding the gradient' warning", () => {
    const maximum = gradConfigs.find((c) => c.kernelName === 'Maximum');
    expect(maximum).toBeDefined();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    tfc.env().set('DEBUG', true); // tfjs warns about overrides only in DEBUG mode
    warn.mockClear(); // DEBUG mode announces itself
    // tfjs's own registerGradient warns when it overrides (in DEBUG mode) ...
    tfc.registerGradient(maximum!);
    expect(warn.mock.calls.flat().join(' ')).toMatch(/Overriding the gradient for 'Maximum'/);
    warn.mockClear();
    // ... registerGradients does not.
    registerGradients();
    expect(warn).not.toHaveBeenCalled();
    for (const config of gradConfigs) expect(tfc.getGradient(config.kernelName)).toBe(config);
  });
});
