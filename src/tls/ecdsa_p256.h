/*
 * ecdsa_p256: a faster ECDSA signature verifier for P-256 keys, as a
 * BearSSL br_ecdsa_vrfy (ASN.1/DER signatures, as used by TLS and X.509).
 *
 * BearSSL 0.6's br_ecdsa_i31_vrfy_asn1 computes 1/s mod n with a
 * constant-time modular exponentiation on 31-bit words, which costs more
 * than the rest of the verification bar the point arithmetic.  Signature
 * verification only handles public values, so here 1/s is a
 * variable-time binary inversion on 64-bit limbs, and the products mod n
 * are Montgomery products on 64-bit limbs.
 *
 * ecdsa_p256_vrfy_asn1_fast(impl, hash, hash_len, pk, sig, sig_len)
 * returns 1 when sig is a valid signature of hash by pk, 0 otherwise.
 * It is the one ECDSA verifier of TLS and X.509 (set in tls.c), so for
 * every curve sig must first be strict DER: exactly one SEQUENCE of
 * two INTEGERs, definite lengths in their shortest form, each integer
 * minimal (no extra leading 0x00) and not negative (a leading 0x00
 * when the value's top bit is set), nothing after the SEQUENCE;
 * otherwise 0.  BearSSL's
 * br_ecdsa_asn1_to_raw takes those BER forms, so a third party could
 * re-encode a valid signature into another accepted one.  For DER
 * input the results are exactly br_ecdsa_i31_vrfy_asn1's:
 *   - keys on a curve other than P-256 go to br_ecdsa_i31_vrfy_asn1;
 *   - 0 when impl does not support P-256, when pk->qlen is not 65, when
 *     sig is longer than 144 bytes, when r = 0, r >= n, s = 0 or s >= n;
 *   - the hash is truncated to its leftmost 256 bits when longer; a
 *     shorter hash is taken whole as a big-endian integer (not padded on
 *     the right), then reduced mod n;
 *   - R = (r/s)*Q + (e/s)*G through impl->muladd (the same call as
 *     BearSSL's), 0 if muladd fails, 1 iff R.x mod n == r.
 * One more deliberate difference: r = 0 is always rejected, as ECDSA
 * requires.  BearSSL 0.6 checks only s, and when the hash is 0 mod n its
 * muladd encodes 0*Q + 0*G as all zeros (X = 0), so it accepts r = 0
 * with any s for such a hash.  (Both reject a genuine signature of a
 * hash equal to 0 mod n: that same muladd quirk.)
 * Exists only where the compiler has unsigned __int128.
 */
#ifndef ECDSA_P256_H
#define ECDSA_P256_H

#include <stddef.h>
#include <stdint.h>

#include "bearssl.h"

#if defined(__SIZEOF_INT128__)
uint32_t ecdsa_p256_vrfy_asn1_fast(const br_ec_impl *impl,
    const void *hash, size_t hash_len, const br_ec_public_key *pk,
    const void *sig, size_t sig_len);
#endif

#endif
