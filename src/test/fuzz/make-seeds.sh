#!/bin/sh
# Writes the seed inputs of the fuzz tests under src/test/resources/dk/certflow/**/*FuzzTestInputs/.
# Run once from the project root; the outputs are committed. Every key is a throw-away test key made here.
# Low iteration counts keep each fuzz execution cheap; the real MitID sample keeps its own (102,400).
set -eu
PASSWORD=fuzz-pass
ROOT=$(pwd)
RES=$ROOT/src/test/resources/dk/certflow
P12=$RES/pkcs12/Pkcs12ReaderFuzzTestInputs
CERT=$RES/pkcs12/CertificateFuzzTestInputs
SAMPLE=$ROOT/src/test/resources/oces/samples/kombit-sp-devtest4-demoklient-sf0101-1
LEAVES=$ROOT/src/test/resources/oces/leaves
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$P12/readWithFixedPassword" "$P12/readWithPasswordFromInput" "$CERT/readCertificate" "$CERT/fromPem" "$CERT/fromDer"
cd "$WORK"

# a small PKI: EC P-256 keeps the files small, one RSA leaf because OCES3 keys are RSA
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt -days 3650 \
  -subj "/C=DK/O=Fuzz Test CA/CN=Fuzz Test Root" -addext basicConstraints=critical,CA:TRUE 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr \
  -subj "/C=DK/O=Fuzz Org/serialNumber=UI:DK-O:G:00000000-0000-0000-0000-000000000001/CN=Fuzz System" 2>/dev/null
openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out leaf.crt -days 1095 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.csr -subj "/C=DK/O=Fuzz Org/CN=Fuzz RSA" 2>/dev/null
openssl x509 -req -in rsa.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out rsa.crt -days 1095 2>/dev/null

export_p12() { # name password options...
  name=$1; pass=$2; shift 2
  openssl pkcs12 -export -out "$name.p12" -passout "pass:$pass" "$@"
}
export_p12 openssl-default "$PASSWORD" -inkey leaf.key -in leaf.crt -certfile ca.crt -iter 16 -maciter
export_p12 openssl-rsa "$PASSWORD" -inkey rsa.key -in rsa.crt -iter 1 -nomaciter
export_p12 openssl-legacy "$PASSWORD" -legacy -inkey leaf.key -in leaf.crt -certfile ca.crt -iter 1 -nomaciter
export_p12 openssl-3des "$PASSWORD" -inkey leaf.key -in leaf.crt -certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1 -iter 1 -nomaciter
export_p12 openssl-nomac "$PASSWORD" -inkey leaf.key -in leaf.crt -certfile ca.crt -iter 1 -nomac
export_p12 openssl-plain "$PASSWORD" -inkey leaf.key -in leaf.crt -certfile ca.crt -certpbe NONE -keypbe NONE -nomac
export_p12 openssl-empty-password "" -inkey leaf.key -in leaf.crt -iter 1 -nomaciter
export_p12 openssl-certificates-only "$PASSWORD" -nokeys -in leaf.crt -certfile ca.crt -iter 1 -nomaciter

# keytool: its default (PBES2, 10,000 iterations) lowered to one iteration, and its legacy format
keytool_p12() { # name extra-options...
  name=$1; shift
  keytool -genkeypair -keystore "$name.p12" -storetype PKCS12 -storepass "$PASSWORD" -alias fuzz -keyalg EC \
    -groupname secp256r1 -dname "CN=Fuzz Keytool, O=Fuzz Org, C=DK" -validity 1095 "$@" 2>/dev/null
}
keytool_p12 keytool-default -J-Dkeystore.pkcs12.certPbeIterationCount=1 -J-Dkeystore.pkcs12.keyPbeIterationCount=1 \
  -J-Dkeystore.pkcs12.macIterationCount=1
keytool_p12 keytool-legacy -J-Dkeystore.pkcs12.legacy -J-Dkeystore.pkcs12.certPbeIterationCount=1 \
  -J-Dkeystore.pkcs12.keyPbeIterationCount=1 -J-Dkeystore.pkcs12.macIterationCount=1

# certificates: PEM as issued, DER, a chain, one with a byte order mark and a key block before it
cp "$LEAVES/kombit-sp-devtest4-demoklient-sf0101-1.pem" oces-leaf.pem
openssl x509 -in oces-leaf.pem -outform DER -out oces-leaf.der
openssl x509 -in leaf.crt -outform DER -out ec-leaf.der
cat leaf.crt ca.crt > chain.pem
printf '\357\273\277' > bom.pem && cat leaf.crt >> bom.pem
cat leaf.key leaf.crt > key-and-certificate.pem

for f in *.p12 "$SAMPLE.p12"; do cp "$f" "$P12/readWithFixedPassword/"; done
for f in oces-leaf.pem oces-leaf.der chain.pem; do cp "$f" "$P12/readWithFixedPassword/"; done
# readWithPasswordFromInput: one length byte (255 for no password), the UTF-8 password, then the file
with_password() { # file password out
  if [ "$2" = "-" ]; then printf '\377'; else printf "\\$(printf '%03o' "${#2}")%s" "$2"; fi > "$3"
  cat "$1" >> "$3"
}
for f in *.p12; do with_password "$f" "$PASSWORD" "$P12/readWithPasswordFromInput/$f"; done
with_password openssl-empty-password.p12 "" "$P12/readWithPasswordFromInput/openssl-empty-password-as-empty.p12"
with_password openssl-empty-password.p12 - "$P12/readWithPasswordFromInput/openssl-empty-password-as-none.p12"
with_password openssl-plain.p12 - "$P12/readWithPasswordFromInput/openssl-plain-no-password.p12"
with_password "$SAMPLE.p12" "$(cat "$SAMPLE.pass")" "$P12/readWithPasswordFromInput/kombit-sp-devtest4-demoklient-sf0101-1.p12"

for f in oces-leaf.pem chain.pem bom.pem key-and-certificate.pem oces-leaf.der ec-leaf.der; do cp "$f" "$CERT/readCertificate/"; done
cp "$LEAVES/skat-emcs-sp-prod-2025.pem" "$CERT/readCertificate/"
for f in oces-leaf.pem chain.pem bom.pem key-and-certificate.pem; do cp "$f" "$CERT/fromPem/"; done
for f in oces-leaf.der ec-leaf.der; do cp "$f" "$CERT/fromDer/"; done
