//! Performance messages (SPEC.md section 9.3): service instructions, service
//! proofs with the document issued and its structured facts, and the
//! seller's performance notice carrying the proofs.

use serde::{Deserialize, Serialize};

use super::{
    Amount, Body, MAX_PROOFS, MAX_TEXT, check_opt_text, check_text, digest, digest_value, e, k, list, nested, opt_text,
    opt_text_entry, party, party_value, text, text_enum, time, time_value,
};
use crate::cbor::{Fields, Value};
use crate::error::DecodeError;
use crate::ids::{Digest, PartyId, UnixTime};
use crate::statement::Statement;

text_enum!(
    /// A service a third-party provider performs.
    ServiceKind, "service", {
        /// Carriage of the goods; its proof is a transport document.
        Carriage = "carriage",
        /// Cargo insurance; its proof is an insurance document.
        Insurance = "insurance",
        /// Inspection of the goods; its proof is an inspection certificate.
        Inspection = "inspection",
        /// Another certificate the parties require (origin, quality...).
        Certification = "certification",
        /// Storage in a warehouse; its proof is a warehouse receipt.
        Storage = "storage",
    }
);

text_enum!(
    /// A document a provider issues.
    DocumentType, "document_type", {
        /// A marine bill of lading (a document of title when negotiable).
        BillOfLading = "bill-of-lading",
        /// A sea waybill (never a document of title).
        SeaWaybill = "sea-waybill",
        /// An air waybill (never a document of title).
        AirWaybill = "air-waybill",
        /// A road consignment note (CMR; never a document of title).
        RoadConsignmentNote = "road-consignment-note",
        /// A rail consignment note (CIM; never a document of title).
        RailConsignmentNote = "rail-consignment-note",
        /// A multimodal transport document (a document of title when negotiable).
        MultimodalTransportDocument = "multimodal-transport-document",
        /// A warehouse receipt (a document of title when negotiable).
        WarehouseReceipt = "warehouse-receipt",
        /// An insurance policy or certificate.
        InsuranceDocument = "insurance-document",
        /// An inspection certificate.
        InspectionCertificate = "inspection-certificate",
        /// A certificate of origin.
        CertificateOfOrigin = "certificate-of-origin",
    }
);

impl DocumentType {
    /// The service whose proof issues this document.
    pub const fn service(self) -> ServiceKind {
        match self {
            DocumentType::BillOfLading
            | DocumentType::SeaWaybill
            | DocumentType::AirWaybill
            | DocumentType::RoadConsignmentNote
            | DocumentType::RailConsignmentNote
            | DocumentType::MultimodalTransportDocument => ServiceKind::Carriage,
            DocumentType::WarehouseReceipt => ServiceKind::Storage,
            DocumentType::InsuranceDocument => ServiceKind::Insurance,
            DocumentType::InspectionCertificate => ServiceKind::Inspection,
            DocumentType::CertificateOfOrigin => ServiceKind::Certification,
        }
    }
    /// Whether a document of this type can be a document of title (MLETR
    /// Art. 2: bills of lading, multimodal transport documents and
    /// warehouse receipts, when negotiable).
    pub const fn can_be_title(self) -> bool {
        matches!(
            self,
            DocumentType::BillOfLading | DocumentType::MultimodalTransportDocument | DocumentType::WarehouseReceipt
        )
    }
    /// Whether it is a transport document for sea or inland waterway
    /// transport (as FAS, FOB, CFR and CIF require).
    pub const fn is_sea(self) -> bool {
        matches!(self, DocumentType::BillOfLading | DocumentType::SeaWaybill)
    }
}

text_enum!(
    /// The outcome of an inspection.
    InspectionResult, "result", {
        /// The goods conform.
        Passed = "passed",
        /// The goods do not conform.
        Failed = "failed",
    }
);

/// A document issued by a provider.
///
/// ```cddl
/// document = { "document_type": document-type, "id": tstr, "digest": digest,
///              "issued_to": party-id, "title": bool, "issued": time }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// What kind of document.
    pub document_type: DocumentType,
    /// Its number (for example the bill of lading number).
    pub id: String,
    /// SHA-256 of the document itself.
    pub digest: Digest,
    /// The party it is issued to (for a document of title, its first holder).
    pub issued_to: PartyId,
    /// Whether it is a document of title (negotiable).
    pub title: bool,
    /// When it was issued.
    pub issued: UnixTime,
}

impl Body for Document {
    const WHAT: &'static str = "document";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("document_type", self.document_type.to_value()),
            e("id", Value::text(&self.id)),
            e("digest", digest_value(&self.digest)),
            e("issued_to", party_value(&self.issued_to)),
            e("title", Value::Bool(self.title)),
            e("issued", time_value(self.issued)),
        ]
    }
    fn decode(f: &mut Fields) -> Result<Document, DecodeError> {
        Ok(Document {
            document_type: DocumentType::field(f, "document_type")?,
            id: text(f, "id")?,
            digest: digest(f, "digest")?,
            issued_to: party(f, "issued_to")?,
            title: f.required(k("title"))?.into_bool("title")?,
            issued: time(f, "issued")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        check_text(&self.id, "id", MAX_TEXT)?;
        if self.id.is_empty() {
            return Err(DecodeError::schema("id", "a document has a number".into()));
        }
        if self.title && !self.document_type.can_be_title() {
            return Err(DecodeError::schema(
                "title",
                format!("a {} is never a document of title", self.document_type),
            ));
        }
        Ok(())
    }
}

/// What a proof states, by service: the content banks and courts read.
///
/// ```cddl
/// facts = { "carriage": { "quantities": [+ uint], "shipped": time, "clean": bool } }
///       / { "insurance": { "insured": amount, "cover_from": time } }
///       / { "inspection": { "result": "passed" / "failed", "inspected": time } }
///       / { "certification": { } }
///       / { "storage": { "quantities": [+ uint] } }
/// ```
///
/// `quantities` has one entry per goods line of the terms, in order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Facts {
    /// Goods taken in charge or shipped on board.
    Carriage {
        /// Quantity shipped, per goods line.
        quantities: Vec<u64>,
        /// The shipment (on-board) date.
        shipped: UnixTime,
        /// Whether the document is clean (no clause declaring a defective
        /// condition of the goods or packaging, UCP 600 Art. 27).
        clean: bool,
    },
    /// Goods insured.
    Insurance {
        /// The insured amount.
        insured: Amount,
        /// When cover starts.
        cover_from: UnixTime,
    },
    /// Goods inspected.
    Inspection {
        /// Passed or failed.
        result: InspectionResult,
        /// When.
        inspected: UnixTime,
    },
    /// Another certificate issued.
    Certification {},
    /// Goods stored.
    Storage {
        /// Quantity stored, per goods line.
        quantities: Vec<u64>,
    },
}

impl Facts {
    /// The service these facts prove.
    pub fn service(&self) -> ServiceKind {
        match self {
            Facts::Carriage { .. } => ServiceKind::Carriage,
            Facts::Insurance { .. } => ServiceKind::Insurance,
            Facts::Inspection { .. } => ServiceKind::Inspection,
            Facts::Certification {} => ServiceKind::Certification,
            Facts::Storage { .. } => ServiceKind::Storage,
        }
    }
    /// The quantities shipped or stored, per goods line, if the facts give them.
    pub fn quantities(&self) -> Option<&[u64]> {
        match self {
            Facts::Carriage { quantities, .. } | Facts::Storage { quantities } => Some(quantities),
            _ => None,
        }
    }
}

fn quantities(f: &mut Fields) -> Result<Vec<u64>, DecodeError> {
    let q = list(f.required(k("quantities"))?, "quantities", super::MAX_GOODS, |v| {
        v.into_uint("quantities")
    })?;
    if q.is_empty() {
        return Err(DecodeError::schema("quantities", "at least one quantity".into()));
    }
    Ok(q)
}

fn quantities_value(q: &[u64]) -> Value<'static> {
    Value::Array(q.iter().map(|n| Value::Uint(*n)).collect())
}

impl Body for Facts {
    const WHAT: &'static str = "facts";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let inner = match self {
            Facts::Carriage {
                quantities,
                shipped,
                clean,
            } => vec![
                e("quantities", quantities_value(quantities)),
                e("shipped", time_value(*shipped)),
                e("clean", Value::Bool(*clean)),
            ],
            Facts::Insurance { insured, cover_from } => {
                vec![
                    e("insured", insured.to_value()),
                    e("cover_from", time_value(*cover_from)),
                ]
            }
            Facts::Inspection { result, inspected } => {
                vec![e("result", result.to_value()), e("inspected", time_value(*inspected))]
            }
            Facts::Certification {} => vec![],
            Facts::Storage { quantities } => vec![e("quantities", quantities_value(quantities))],
        };
        vec![e(self.service().name(), Value::map(inner))]
    }
    fn decode(f: &mut Fields) -> Result<Facts, DecodeError> {
        for service in ServiceKind::ALL {
            let Some(v) = f.optional(k(service.name())) else {
                continue;
            };
            let mut g = Fields::new("facts", v)?;
            let facts = match service {
                ServiceKind::Carriage => Facts::Carriage {
                    quantities: quantities(&mut g)?,
                    shipped: time(&mut g, "shipped")?,
                    clean: g.required(k("clean"))?.into_bool("clean")?,
                },
                ServiceKind::Insurance => Facts::Insurance {
                    insured: nested(&mut g, "insured")?,
                    cover_from: time(&mut g, "cover_from")?,
                },
                ServiceKind::Inspection => Facts::Inspection {
                    result: InspectionResult::field(&mut g, "result")?,
                    inspected: time(&mut g, "inspected")?,
                },
                ServiceKind::Certification => Facts::Certification {},
                ServiceKind::Storage => Facts::Storage {
                    quantities: quantities(&mut g)?,
                },
            };
            g.finish()?;
            return Ok(facts);
        }
        Err(DecodeError::schema("facts", "names no service".into()))
    }
    fn check(&self) -> Result<(), DecodeError> {
        if let Some(q) = self.quantities() {
            DecodeError::check_len("quantities", q.len(), super::MAX_GOODS)?;
            if q.is_empty() {
                return Err(DecodeError::schema("quantities", "at least one quantity".into()));
            }
        }
        Ok(())
    }
}

/// A service instruction (kind 3) to a provider (its recipient), answering
/// the statement that concluded the contract. Its sender is the party that
/// contracts the service: the seller, or for carriage under EXW, FCA, FAS
/// and FOB the buyer (Incoterms 2020 B4).
///
/// ```cddl
/// service-instruction = { "service": service-kind, "task": tstr }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceInstruction {
    /// Which service.
    pub service: ServiceKind,
    /// What exactly to do.
    pub task: String,
}

impl Body for ServiceInstruction {
    const WHAT: &'static str = "service instruction";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("service", self.service.to_value()),
            e("task", Value::text(&self.task)),
        ]
    }
    fn decode(f: &mut Fields) -> Result<ServiceInstruction, DecodeError> {
        Ok(ServiceInstruction {
            service: ServiceKind::field(f, "service")?,
            task: text(f, "task")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        check_text(&self.task, "task", MAX_TEXT)
    }
}

/// A service proof (kind 4) from a provider to the seller, answering the
/// instruction it fulfils: the document it issued and what it states.
///
/// ```cddl
/// service-proof = { "document": document, "facts": facts, ? "comment": tstr }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceProof {
    /// The document issued.
    pub document: Document,
    /// What the document states.
    pub facts: Facts,
    /// Free text; never evidence on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

impl ServiceProof {
    /// The service proven.
    pub fn service(&self) -> ServiceKind {
        self.facts.service()
    }
}

impl Body for ServiceProof {
    const WHAT: &'static str = "service proof";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = vec![
            e("document", self.document.to_value()),
            e("facts", self.facts.to_value()),
        ];
        opt_text_entry(&mut m, "comment", &self.comment);
        m
    }
    fn decode(f: &mut Fields) -> Result<ServiceProof, DecodeError> {
        Ok(ServiceProof {
            document: nested(f, "document")?,
            facts: nested(f, "facts")?,
            comment: opt_text(f, "comment")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        self.document.check()?;
        self.facts.check()?;
        if self.document.document_type.service() != self.facts.service() {
            return Err(DecodeError::schema(
                "facts",
                format!(
                    "a {} is not issued by a {} service",
                    self.document.document_type,
                    self.facts.service()
                ),
            ));
        }
        check_opt_text(&self.comment, "comment")
    }
}

/// A performance notice (kind 5) from the seller to the buyer. It carries
/// the signed service proofs themselves, so that a buyer who never saw them
/// can verify them, and answers exactly those proofs.
///
/// ```cddl
/// performance-notice = { "due": amount, "proofs": [* bstr .cbor statement] }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PerformanceNotice {
    /// The amount the buyer must now pay.
    pub due: Amount,
    /// The service proofs, as signed by their providers.
    #[serde(with = "statements_hex")]
    pub proofs: Vec<Statement>,
}

impl Body for PerformanceNotice {
    const WHAT: &'static str = "performance notice";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("due", self.due.to_value()),
            e(
                "proofs",
                Value::Array(
                    self.proofs
                        .iter()
                        .map(|p| Value::Bytes(p.as_bytes().to_vec()))
                        .collect(),
                ),
            ),
        ]
    }
    fn decode(f: &mut Fields) -> Result<PerformanceNotice, DecodeError> {
        Ok(PerformanceNotice {
            due: nested(f, "due")?,
            proofs: list(f.required(k("proofs"))?, "proofs", MAX_PROOFS, |v| {
                Statement::decode_carried(&v.into_bytes("proof")?)
            })?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        DecodeError::check_len("proofs", self.proofs.len(), MAX_PROOFS)
    }
}

/// JSON form of carried statements: each as lowercase hex of its exact bytes.
mod statements_hex {
    use serde::{Deserialize, Deserializer, Serializer, ser::SerializeSeq};

    use crate::statement::Statement;

    pub fn serialize<S: Serializer>(v: &[Statement], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for st in v {
            seq.serialize_element(&crate::ids::to_hex(st.as_bytes()))?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Statement>, D::Error> {
        let hex: Vec<String> = Vec::deserialize(d)?;
        hex.iter()
            .map(|h| {
                let bytes =
                    crate::ids::from_hex(h).ok_or_else(|| serde::de::Error::custom("proof is not lowercase hex"))?;
                Statement::decode_carried(&bytes).map_err(serde::de::Error::custom)
            })
            .collect()
    }
}
