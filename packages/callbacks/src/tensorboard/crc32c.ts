/**
 * CRC-32C (Castagnoli), the checksum that TFRecord framing uses, computed
 * with a 256-entry table over the reflected polynomial 0x82F63B78.
 */

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32C of `bytes` (initial value and final xor 0xFFFFFFFF, reflected),
 * as an unsigned 32-bit number. Pass a previous result as `crc` to continue a
 * checksum over several chunks.
 *
 * @example
 * ```ts
 * crc32c(new TextEncoder().encode('123456789')); // 0xE3069283
 * ```
 */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * TFRecord's masked CRC-32C: the checksum rotated right by 15 bits plus
 * 0xA282EAD8 (mod 2^32), so that a CRC of data holding CRCs stays well mixed.
 *
 * @example
 * ```ts
 * const header = new Uint8Array(8);
 * maskedCrc32c(header);
 * ```
 */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}
