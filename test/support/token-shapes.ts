/**
 * Bot-token-shaped strings for redaction tests. A Discord bot token is three base64url parts
 * joined by dots: the bot's user id (23 characters for a 17-digit id, 24 for 18 digits, 26 for
 * 19, 27 for 20), a 6-character timestamp, and an HMAC (27 characters in older tokens, 38 in newer ones).
 * Base64url uses `-` and `_`, so every part here carries both, placed so that a pattern that
 * forgot either character in any part, or a length, would leave part of a token in clear.
 * None is a real token.
 */
export interface TokenShape {
  readonly name: string;
  readonly token: string;
  /** The lengths of the three parts, as the shape claims them. */
  readonly lengths: readonly [number, number, number];
}

export const TOKEN_SHAPES: readonly TokenShape[] = [
  {
    name: 'old token, 17-digit id',
    token: 'C3-27XDCG2L_lZGEONYl-Ct.Ma_-Zs.jf-Z4SOcMz9CP_NPkNa1Hedc-4p',
    lengths: [23, 6, 27],
  },
  {
    name: 'new token, 18-digit id',
    token: 'u8-zPde0IgxL_6GncfBAe-fJ.Gb-Y_e.oO-L8dKLzdocJ2isAjI_KtJ0RlgLKOmxgJT-Kd',
    lengths: [24, 6, 38],
  },
  {
    name: 'new token, 19-digit id',
    token: 'Nn-RIBXuDL7Dx_pYlSXpfKt-F4.G8_m-Q.hG-kWvj7FAc9QeWJKY4_uvSwMFLZDe1f8rE-Qe',
    lengths: [26, 6, 38],
  },
  {
    name: 'new token, 20-digit id',
    token: 'dU-tPKR0CsTy4_wb8DwkNhFd-Xs.Gq-T_x.3F-kCzJr4i0B3JrTAwR_y9ojfljoQoaF1Ll-sa',
    lengths: [27, 6, 38],
  },
  {
    name: 'old token, 18-digit id',
    token: 'jA-xNKu8iS2G_NPRVdD53-83.Xw-_Qa.zg-OzdmenCkhv_dgaKjIg8xN-e3',
    lengths: [24, 6, 27],
  },
  {
    name: 'old token, 19-digit id',
    token: 'nN-jOq9wMxEhh_FDEEtfjgV-Vq.Yf_-Lk.n8-HxjSI6bWHt_3fS2qHx6kw-oI',
    lengths: [26, 6, 27],
  },
];

/** Every run of 6 characters of `token` that appears in `text`: empty when nothing of it leaked. */
export function leakedPieces(text: string, token: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i + 6 <= token.length; i++) {
    const piece = token.slice(i, i + 6);
    if (text.includes(piece)) pieces.push(piece);
  }
  return pieces;
}
