/*
 * ec_p256_m64: NIST P-256 (secp256r1) point arithmetic with 64-bit
 * limbs and unsigned __int128 products, as a BearSSL br_ec_impl.  About
 * three to four times fewer instructions than BearSSL 0.6's
 * br_ec_p256_m31, which the TLS handshake spends most of its CPU in
 * (ECDHE, ECDSA verification of the certificate chain and of the
 * ServerKeyExchange).
 *
 * The behaviour is that of br_ec_p256_m31, call for call:
 *   - points are 65 bytes, 0x04 || X || Y (big-endian, each < p); any
 *     other length, first byte or an off-curve point makes mul() and
 *     muladd() return 0 (a wrong length leaves the buffer untouched,
 *     otherwise it gets an indeterminate point, as BearSSL allows);
 *   - scalars are unsigned big-endian of any length, and must be less
 *     than the curve order (otherwise the result is indeterminate); a
 *     zero scalar gives the point at infinity, encoded as 0x04 and 64
 *     zero bytes, with the same return values as m31 (mul() returns 1,
 *     muladd() as m31 does: x*A + 0 is encoded as all zeros with 1,
 *     0*A + y*B gives 2*y*B with 1);
 *   - muladd() doubles when x*A == y*B and returns 0 when the sum is
 *     the point at infinity;
 *   - mulgen() returns 65, xoff() returns 1 with length 32;
 *   - the curve argument is ignored (P-256 only).
 * All of it is constant-time with respect to point and scalar values
 * (only the scalar byte length and the point length may show).
 *
 * ec_all_fast is br_ec_all_m31 (P-256, P-384, P-521, Curve25519, same
 * supported_curves mask) with P-256 sent to ec_p256_m64.  It calls
 * BearSSL's c25519_m31 and prime_i31 directly, not br_ec_all_m31, so a
 * program that never names br_ec_all_m31 (nor br_ssl_engine_set_default_ec
 * / _ecdsa, which do) does not link BearSSL's P-256 code.
 *
 * Both exist only where the compiler has unsigned __int128 (gcc and
 * clang on 64-bit targets); elsewhere use BearSSL's own.
 */
#ifndef EC_P256_M64_H
#define EC_P256_M64_H

#include "bearssl.h"

#if defined(__SIZEOF_INT128__)
extern const br_ec_impl ec_p256_m64;
extern const br_ec_impl ec_all_fast;
#endif

#endif
