import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';

/** Bitwise CRC-32, written independently of the table-driven one. */
function referenceCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

describe('crc32', () => {
  it('matches the published check values', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(crc32(enc('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(enc('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
    expect(crc32(new Uint8Array(32))).toBe(0x190a55ad);
  });

  it('matches a bitwise reference for every length and alignment up to 40 bytes', () => {
    const data = Uint8Array.from({ length: 64 }, (_, i) => (i * 151 + 7) & 0xff);
    for (let start = 0; start < 9; start++) {
      for (let end = start; end <= start + 40; end++) {
        expect(crc32(data, start, end)).toBe(referenceCrc32(data.subarray(start, end)));
      }
    }
  });
});
