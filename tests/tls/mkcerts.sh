#!/bin/sh
# mkcerts.sh DIR: generate the TLS test certificates into DIR with the
# openssl CLI (3.0 is enough; no faketime, no network).
#
#   ca.pem         test root CA, ECDSA P-256         (ca.key)
#   rsaca.pem      test root CA, RSA-2048            (rsaca.key)
#   int.pem        intermediate CA, ECDSA P-384, signed by rsaca
#   other-ca.pem   an unrelated CA that nobody trusts
#   bundle.pem     ca.pem + rsaca.pem
#   <leaf>.pem/.key, leaves signed by ca unless noted:
#     ec         DNS:localhost, IP:127.0.0.1, IP:::1
#     rsa        same names, RSA-2048 key, signed by rsaca
#     chain      same names, signed by int (serve with chain.full.pem)
#     expired    valid 2020-01-01 .. 2021-01-01
#     future     valid 2090-01-01 .. 2091-01-01 (GeneralizedTime)
#     wronghost  DNS:wrong.example only
#     noip       DNS:localhost only (no iPAddress)
#     dnsip      DNS:127.0.0.1 only (a dNSName spelling an IP)
#     cnonly     no SAN at all, CN=127.0.0.1
#     mapped     IP:::ffff:127.0.0.1 only (IPv4-mapped IPv6)
#     other      DNS:localhost, IP:127.0.0.1, signed by other-ca
#     self       self-signed, not a CA: DNS:localhost, IP:127.0.0.1
#     cnhost     no SAN at all, CN=localhost
#     ekuclient  ec's names, extendedKeyUsage clientAuth only
#     ekuempty   ec's names, extendedKeyUsage an empty SEQUENCE (DER:3000)
#     ekuany     ec's names, extendedKeyUsage anyExtendedKeyUsage only
#     ekunone    ec's names, no extendedKeyUsage
#     smime      ec's names, serverAuth, signed by smime-int
#     badint     ec's names, serverAuth, signed by empty-int
#   smime-int.pem  intermediate CA signed by ca, extendedKeyUsage
#                  emailProtection only (smime.full.pem: smime + it)
#   empty-int.pem  intermediate CA signed by ca, an empty extendedKeyUsage
#                  (badint.full.pem: badint + it)
#   chain.extra.pem  int, then smime-int: a -cert_chain for chain whose
#                  last certificate is sent but not used (int is issued
#                  by the anchor rsaca)
#   <leaf>.pin     sha256//BASE64 of the leaf's SubjectPublicKeyInfo
#   <leaf>.der     DER form of each leaf (for the unit tests)
set -eu

d=${1:?usage: mkcerts.sh DIR}
mkdir -p "$d"
cd "$d"
rm -rf db && mkdir db && : > db/index.txt
openssl rand -hex 8 > db/serial

cat > openssl.cnf <<'CNF'
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ ca ]
default_ca = testca
[ testca ]
dir = .
database = db/index.txt
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = anything
unique_subject = no
email_in_dn = no
[ anything ]
commonName = supplied
organizationName = optional
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ v3_int ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = $ENV::WR_EKU
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::WR_SAN
[ leaf_noeku ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = $ENV::WR_SAN
[ v3_int_eku ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
extendedKeyUsage = $ENV::WR_EKU
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_nosan ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
[ self ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
CNF
export OPENSSL_CONF="$PWD/openssl.cnf"
WR_SAN="DNS:localhost, IP:127.0.0.1, IP:::1"
WR_EKU=serverAuth	# leaf and v3_int_eku; changed only around the EKU cases
export WR_SAN WR_EKU
ALL_SAN=$WR_SAN

key_ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:"$2" \
	-out "$1.key" 2>/dev/null; }
key_rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
	-out "$1.key" 2>/dev/null; }

# root NAME "CN"
root() {
	openssl req -config openssl.cnf -new -x509 -key "$1.key" -subj "/O=wazuh-relay tests/CN=$2" \
	    -days 3650 -sha256 -extensions v3_ca -out "$1.pem"
}

# sign NAME CA EXT START END "CN" [md]
sign() {
	openssl req -config openssl.cnf -new -key "$1.key" -subj "/CN=$6" -out "$1.csr"
	openssl ca -config openssl.cnf -batch -notext \
	    -cert "$2.pem" -keyfile "$2.key" -md "${7:-sha256}" -extensions "$3" \
	    -startdate "$4" -enddate "$5" -in "$1.csr" -out "$1.pem" 2>"$1.err" || { cat "$1.err" >&2; exit 1; }
	rm -f "$1.err"
	rm -f "$1.csr"
}

# Valid from yesterday for ten years (date -d @N works with GNU and busybox).
t=$(date -u +%s)
now=$(date -u -d "@$((t - 86400))" +%Y%m%d%H%M%SZ)
later=$(date -u -d "@$((t + 3650 * 86400))" +%Y%m%d%H%M%SZ)

key_ec ca P-256;        root ca "wr test CA EC"
key_rsa rsaca;          root rsaca "wr test CA RSA"
key_ec other-ca P-256;  root other-ca "wr untrusted CA"
key_ec int P-384
sign int rsaca v3_int "$now" "$later" "wr test intermediate P-384"

key_ec ec P-256;      sign ec ca leaf "$now" "$later" localhost
key_rsa rsa;          sign rsa rsaca leaf "$now" "$later" localhost
key_ec chain P-256;   sign chain int leaf "$now" "$later" localhost sha384
key_ec expired P-256; sign expired ca leaf 20200101000000Z 20210101000000Z localhost
key_ec future P-256;  sign future ca leaf 20900101000000Z 20910101000000Z localhost
key_ec other P-256;   sign other other-ca leaf "$now" "$later" localhost
WR_SAN="DNS:wrong.example"
key_ec wronghost P-256; sign wronghost ca leaf "$now" "$later" wrong.example
WR_SAN="DNS:localhost"
key_ec noip P-256;    sign noip ca leaf "$now" "$later" localhost
WR_SAN="DNS:127.0.0.1"
key_ec dnsip P-256;   sign dnsip ca leaf "$now" "$later" 127.0.0.1
WR_SAN="IP:::ffff:127.0.0.1"
key_ec mapped P-256;  sign mapped ca leaf "$now" "$later" 127.0.0.1
key_ec cnonly P-256;  sign cnonly ca leaf_nosan "$now" "$later" 127.0.0.1
WR_SAN=$ALL_SAN
key_ec cnhost P-256;  sign cnhost ca leaf_nosan "$now" "$later" localhost

# Extended key usage: leaves, and intermediates that exclude serverAuth.
WR_EKU=clientAuth
key_ec ekuclient P-256; sign ekuclient ca leaf "$now" "$later" localhost
WR_EKU=DER:3000
key_ec ekuempty P-256;  sign ekuempty ca leaf "$now" "$later" localhost
WR_EKU=anyExtendedKeyUsage
key_ec ekuany P-256;    sign ekuany ca leaf "$now" "$later" localhost
key_ec ekunone P-256;   sign ekunone ca leaf_noeku "$now" "$later" localhost
WR_EKU=emailProtection
key_ec smime-int P-256
sign smime-int ca v3_int_eku "$now" "$later" "wr S-MIME-only intermediate"
WR_EKU=DER:3000
key_ec empty-int P-256
sign empty-int ca v3_int_eku "$now" "$later" "wr intermediate with an empty EKU"
WR_EKU=serverAuth
key_ec smime P-256;     sign smime smime-int leaf "$now" "$later" localhost
key_ec badint P-256;    sign badint empty-int leaf "$now" "$later" localhost

key_ec self P-256
openssl req -config openssl.cnf -new -x509 -key self.key -subj "/CN=localhost" \
    -days 3650 -sha256 -extensions self -out self.pem

cat ca.pem rsaca.pem > bundle.pem
cat chain.pem int.pem > chain.full.pem
cat smime.pem smime-int.pem > smime.full.pem
cat badint.pem empty-int.pem > badint.full.pem
cat int.pem smime-int.pem > chain.extra.pem

for n in ec rsa chain expired future other wronghost noip dnsip mapped cnonly self \
    cnhost ekuclient ekuempty ekuany ekunone smime badint smime-int empty-int; do
	openssl x509 -in "$n.pem" -outform der -out "$n.der"
	printf 'sha256//%s\n' "$(openssl x509 -in "$n.pem" -pubkey -noout |
	    openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
	    openssl base64 -A)" > "$n.pin"
done
rm -rf db openssl.cnf
