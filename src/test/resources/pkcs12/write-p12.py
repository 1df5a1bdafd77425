"""Writes a PKCS#12 file with Python's cryptography package, for certflow's interop tests.

usage: write-p12.py VARIANT OUT  (key leaf.key, certificate leaf.crt, CA ca.crt in the working directory;
the password comes from the environment variable P12_PASSWORD, never from the command line)
VARIANT is "best" (BestAvailableEncryption) or "<PBES member>-<hash class>", e.g. PBESv2SHA256AndAES256CBC-SHA256.
"""
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import PrivateFormat, pkcs12

variant, out = sys.argv[1], sys.argv[2]
password = os.environ["P12_PASSWORD"].encode("utf-8")
with open("leaf.key", "rb") as f:
    key = serialization.load_pem_private_key(f.read(), None)
with open("leaf.crt", "rb") as f:
    leaf = x509.load_pem_x509_certificate(f.read())
with open("ca.crt", "rb") as f:
    ca = x509.load_pem_x509_certificate(f.read())

if variant == "best":
    encryption = serialization.BestAvailableEncryption(password)
else:
    algorithm, mac = variant.split("-")
    encryption = (PrivateFormat.PKCS12.encryption_builder()
                  .kdf_rounds(20000)
                  .key_cert_algorithm(getattr(pkcs12.PBES, algorithm))
                  .hmac_hash(getattr(hashes, mac)())
                  .build(password))

with open(out, "wb") as f:
    f.write(pkcs12.serialize_key_and_certificates(b"leaf", key, leaf, [ca], encryption))
