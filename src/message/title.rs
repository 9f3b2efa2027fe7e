//! Title and collection messages (SPEC.md section 9.5): transfers of a
//! title document between holders (MLETR Art. 10-11) and the seller's
//! collection instruction to a bank (URC 522).

use serde::{Deserialize, Serialize};

use super::{
    Amount, Body, MAX_PROOFS, MAX_TEXT, PaymentTerms, check_text, digest, digest_value, e, k, list, nested, party,
    party_value, text,
};
use crate::cbor::{Fields, Value};
use crate::error::DecodeError;
use crate::ids::{Digest, PartyId};

/// A reference to a document issued in a service proof.
///
/// ```cddl
/// document-ref = { "id": tstr, "digest": digest }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// The document's number.
    pub id: String,
    /// SHA-256 of the document.
    pub digest: Digest,
}

impl Body for DocumentRef {
    const WHAT: &'static str = "document";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![e("id", Value::text(&self.id)), e("digest", digest_value(&self.digest))]
    }
    fn decode(f: &mut Fields) -> Result<DocumentRef, DecodeError> {
        Ok(DocumentRef {
            id: text(f, "id")?,
            digest: digest(f, "digest")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        check_text(&self.id, "id", MAX_TEXT)?;
        if self.id.is_empty() {
            return Err(DecodeError::schema("id", "a document has a number".into()));
        }
        Ok(())
    }
}

/// A title transfer (kind 7): the current holder of a title document (the
/// sender) passes control of it to the recipient. It answers the previous
/// link of the document's chain (the proof that issued it, the collection
/// instruction, or the previous transfer) and, when the transfer releases
/// the document to the buyer, the payment or accepted draft that entitles
/// it.
///
/// ```cddl
/// title-transfer = { "document": document-ref }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleTransfer {
    /// The document transferred.
    pub document: DocumentRef,
}

impl Body for TitleTransfer {
    const WHAT: &'static str = "title transfer";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![e("document", self.document.to_value())]
    }
    fn decode(f: &mut Fields) -> Result<TitleTransfer, DecodeError> {
        Ok(TitleTransfer {
            document: nested(f, "document")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        self.document.check()
    }
}

/// A collection instruction (kind 15, URC 522 Art. 4) from the seller (the
/// principal) to the remitting bank or directly to the presenting bank. It
/// lists the documents handed over and answers the proofs that issued them;
/// control of each title document among them passes to the recipient.
///
/// ```cddl
/// collection-instruction = { "documents": [+ document-ref], "terms": "DP" / "DA",
///                            "amount": amount, "presenting_bank": party-id,
///                            ? "tenor_days": uint }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionInstruction {
    /// The documents handed over, in the order of the proofs answered.
    pub documents: Vec<DocumentRef>,
    /// Release against payment or against acceptance.
    pub terms: PaymentTerms,
    /// The amount to collect.
    pub amount: Amount,
    /// The bank that presents the documents to the buyer.
    pub presenting_bank: PartyId,
    /// Under D/A: the draft's tenor, in days after sight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenor_days: Option<u64>,
}

impl Body for CollectionInstruction {
    const WHAT: &'static str = "collection instruction";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = vec![
            e(
                "documents",
                Value::Array(self.documents.iter().map(Body::to_value).collect()),
            ),
            e("terms", self.terms.to_value()),
            e("amount", self.amount.to_value()),
            e("presenting_bank", party_value(&self.presenting_bank)),
        ];
        if let Some(t) = self.tenor_days {
            m.push(e("tenor_days", Value::Uint(t)));
        }
        m
    }
    fn decode(f: &mut Fields) -> Result<CollectionInstruction, DecodeError> {
        Ok(CollectionInstruction {
            documents: list(
                f.required(k("documents"))?,
                "documents",
                MAX_PROOFS,
                DocumentRef::from_value,
            )?,
            terms: PaymentTerms::field(f, "terms")?,
            amount: nested(f, "amount")?,
            presenting_bank: party(f, "presenting_bank")?,
            tenor_days: f
                .optional(k("tenor_days"))
                .map(|v| v.into_uint("tenor_days"))
                .transpose()?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        DecodeError::check_len("documents", self.documents.len(), MAX_PROOFS)?;
        if self.documents.is_empty() {
            return Err(DecodeError::schema("documents", "at least one document".into()));
        }
        if let Some(t) = self.tenor_days {
            super::check_tenor(t)?;
        }
        self.documents.iter().try_for_each(Body::check)
    }
}
