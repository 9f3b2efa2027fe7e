#!/usr/bin/env python3
"""Checks econtract's bytes with implementations nobody on the project wrote.

- cbor2: every structure (and every nested protected header and payload)
  re-encodes to the same bytes under cbor2's canonical encoding;
- pycose: every COSE_Sign1 verifies (Ed25519 registered under RFC 9864's
  alg -19, since pycose 1.1.0 predates it) with the SPEC.md external_aad;
- pyhpke: every envelope opens with the recipient's X25519 secret and the
  SPEC.md info, giving back the statement bytes;
- hashlib: party ids and statement ids are the SHA-256 values SPEC.md says.

It also writes the other direction: an acceptance built only from SPEC.md
(cbor2 + cryptography + pyhpke), for the Rust test to open with the crate.

Usage: check.py SPEC.md MANIFEST.json REPLY_OUT
"""

import hashlib
import json
import re
import sys

import cbor2
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives import serialization
from pycose.algorithms import CoseAlgorithm, EdDSA
from pycose.keys import OKPKey
from pycose.keys.curves import Ed25519
from pycose.messages import Sign1Message
from pyhpke import AEADId, CipherSuite, KDFId, KEMId

# SPEC.md section 5. Format version 2 changed the statement and envelope
# labels; party ids, cards and tokens keep their v1 labels.
FORMAT_VERSION = 2
ENVELOPE_VERSION = 2
PARTY_ID_LABEL = b"econtract/v1 party-id"
AAD = {
    100: b"econtract/v1 card",
    101: b"econtract/v1 timestamp",
}
STATEMENT_AAD = b"econtract/v2 statement"
ENVELOPE_INFO_LABEL = b"econtract/v2 envelope"
SUITE = CipherSuite.new(KEMId.DHKEM_X25519_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.CHACHA20_POLY1305)


@CoseAlgorithm.register_attribute()
class Ed25519Alg(EdDSA):
    """RFC 9864 fully specified Ed25519: same computation as EdDSA on Ed25519."""

    identifier = -19
    fullname = "ED25519"


checks = 0


def ok(cond, what):
    global checks
    if not cond:
        raise SystemExit(f"FAIL: {what}")
    checks += 1


def canonical(raw, what):
    ok(cbor2.dumps(cbor2.loads(raw), canonical=True) == raw, f"{what}: not canonical per cbor2")


def party_id(pk):
    return hashlib.sha256(PARTY_ID_LABEL + pk).hexdigest()


def verify_sign1(raw, pk, what):
    """Verifies a COSE_Sign1 with pycose; returns (protected dict, payload dict)."""
    canonical(raw, what)
    outer = cbor2.loads(raw)
    ok(outer.tag == 18, f"{what}: tag 18")
    protected_raw, unprotected, payload_raw, _sig = outer.value
    ok(unprotected == {}, f"{what}: empty unprotected header")
    canonical(protected_raw, f"{what} protected header")
    canonical(payload_raw, f"{what} payload")
    protected = cbor2.loads(protected_raw)
    kind = protected[-65538]
    msg = Sign1Message.decode(raw)
    msg.key = OKPKey(crv=Ed25519, x=pk)
    msg.external_aad = AAD.get(kind, STATEMENT_AAD)
    ok(msg.verify_signature(), f"{what}: pycose signature check")
    # A changed external_aad must fail: the check is not vacuous.
    msg.external_aad = b"econtract/v1 other"
    ok(not msg.verify_signature(), f"{what}: pycose accepts a wrong external_aad")
    ok(protected[15][1] == party_id(pk), f"{what}: iss is the signer's party id")
    ok(protected[-65537] == FORMAT_VERSION, f"{what}: format version")
    for holder in protected.get(-65539, []):
        ok(isinstance(holder, bytes) and len(holder) == 32, f"{what}: a copy holder is a 32-byte party id")
    return protected, cbor2.loads(payload_raw)


def card_keys(raw, what):
    _, body = verify_sign1(raw, cbor2.loads(cbor2.loads(raw).value[2])["signing_key"], what)
    return body["signing_key"], body["encryption_key"]


def hpke_open(envelope, x25519_secret, what):
    """Opens an envelope; returns (recipient party id as hex, plaintext)."""
    canonical(envelope, f"{what} envelope")
    version, recipient, enc, ct = cbor2.loads(envelope)
    ok(version == ENVELOPE_VERSION, f"{what}: envelope version")
    ok(isinstance(recipient, bytes) and len(recipient) == 32, f"{what}: recipient is a 32-byte party id")
    sk = SUITE.kem.deserialize_private_key(x25519_secret)
    info = ENVELOPE_INFO_LABEL + recipient
    ctx = SUITE.create_recipient_context(enc, sk, info=info)
    return recipient.hex(), ctx.open(ct, aad=b"")


def hpke_seal(statement, recipient_id, recipient_x25519_public):
    pk = SUITE.kem.deserialize_public_key(recipient_x25519_public)
    recipient = bytes.fromhex(recipient_id)
    info = ENVELOPE_INFO_LABEL + recipient
    enc, ctx = SUITE.create_sender_context(pk, info=info)
    ct = ctx.seal(statement, aad=b"")
    return cbor2.dumps([ENVELOPE_VERSION, recipient, enc, ct], canonical=True)


def spec_blocks(path):
    text = open(path).read()
    return {
        name: bytes.fromhex(hexa.replace("\n", ""))
        for name, hexa in re.findall(r"<!-- vector: (\S+) -->\n```text\n(.*?)```", text, re.S)
    }


def check_spec(path):
    b = spec_blocks(path)
    seller_sk, seller_xk = card_keys(b["seller-card"], "seller card")
    buyer_sk, buyer_xk = card_keys(b["buyer-card"], "buyer card")
    tsa_sk, _ = card_keys(b["tsa-card"], "authority card")
    ok(party_id(seller_sk) == b["seller-party-id"].hex(), "seller party id")
    ok(party_id(buyer_sk) == b["buyer-party-id"].hex(), "buyer party id")
    # The inputs of SPEC.md section 15 give these keys.
    seed = Ed25519PrivateKey.from_private_bytes(bytes([1] * 32))
    raw_pub = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    ok(seed.public_key().public_bytes(*raw_pub) == seller_sk, "seller seed")
    buyer_x = X25519PrivateKey.from_private_bytes(bytes([0x66] * 32))
    ok(buyer_x.public_key().public_bytes(*raw_pub) == buyer_xk, "buyer X25519 secret")

    protected, payload = verify_sign1(b["statement"], seller_sk, "statement")
    ok(protected[1] == -19 and protected[2] == [-65537, -65538], "statement alg and crit")
    ok(protected[15] == {1: party_id(seller_sk), 2: "EC-2026-0042", 3: party_id(buyer_sk), 6: 1772357400}, "claims")
    ok(protected[-65537] == FORMAT_VERSION and protected[-65538] == 1, "version and kind")
    ok(payload["answers"] == [] and payload["body"]["terms"]["price"] == {"currency": "USD", "minor": 9600000}, "body")
    terms = payload["body"]["terms"]
    ok(terms["seller"] == bytes.fromhex(party_id(seller_sk)), "seller in the body: its 32-byte party id")
    ok(terms["buyer"] == bytes.fromhex(party_id(buyer_sk)), "buyer in the body: its 32-byte party id")
    sid = hashlib.sha256(b["statement"]).digest()
    ok(sid == b["statement-id"], "statement id")

    recipient, pt = hpke_open(b["envelope"], bytes([0x66] * 32), "SPEC.md")
    ok(recipient == party_id(buyer_sk), "envelope recipient")
    ok(pt == b["statement"], "envelope opens to the statement")

    tprot, tbody = verify_sign1(b["token"], tsa_sk, "token")
    ok(tbody == {"imprint": sid, "serial": 1, "nonce": bytes(range(1, 9)), "accuracy": 1}, "token body")
    ok(tprot[15][6] == 1772357405 and tprot[-65538] == 101, "token time and kind")
    return b, sid, seller_sk, seller_xk


def check_manifest(path):
    cases = json.load(open(path))
    ok(len(cases) > 0, "manifest has cases")
    for c in cases:
        what = c["name"]
        verify_sign1(bytes.fromhex(c["card"]), bytes.fromhex(c["sender_signing_key"]), f"{what} sender card")
        statement = bytes.fromhex(c["statement"])
        protected, payload = verify_sign1(statement, bytes.fromhex(c["sender_signing_key"]), what)
        ok(protected[15][3] == c["recipient_id"], f"{what}: aud")
        ok(protected[-65538] == c["kind_code"], f"{what}: kind")
        for proof in payload["body"].get("proofs", []):
            canonical(proof, f"{what}: carried proof")
        recipient, pt = hpke_open(bytes.fromhex(c["envelope"]), bytes.fromhex(c["recipient_x25519_secret"]), what)
        ok(recipient == c["recipient_id"] and pt == statement, f"{what}: envelope")


def write_reply(out, sid, seller_id, seller_xk):
    """An acceptance of the SPEC.md offer, from the buyer, built from SPEC.md alone."""
    buyer = Ed25519PrivateKey.from_private_bytes(bytes([2] * 32))
    buyer_pk = buyer.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    protected = cbor2.dumps(
        {
            1: -19,
            2: [-65537, -65538],
            15: {1: party_id(buyer_pk), 2: "EC-2026-0042", 3: seller_id, 6: 1772359200},
            -65537: FORMAT_VERSION,
            -65538: 2,
        },
        canonical=True,
    )
    payload = cbor2.dumps({"answers": [sid], "body": {"note": "accepted, written in Python"}}, canonical=True)
    tbs = cbor2.dumps(["Signature1", protected, STATEMENT_AAD, payload])
    sig = buyer.sign(tbs)
    statement = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, sig]), canonical=True)
    envelope = hpke_seal(statement, seller_id, seller_xk)
    with open(out, "w") as f:
        json.dump({"statement": statement.hex(), "envelope": envelope.hex()}, f)


def main():
    spec, manifest, reply = sys.argv[1:4]
    b, sid, seller_sk, seller_xk = check_spec(spec)
    check_manifest(manifest)
    write_reply(reply, sid, party_id(seller_sk), seller_xk)
    from importlib.metadata import version
    libs = ", ".join(f"{m} {version(m)}" for m in ("cbor2", "pycose", "pyhpke", "cryptography"))
    print(f"interop: {checks} checks passed ({libs})")


if __name__ == "__main__":
    main()
