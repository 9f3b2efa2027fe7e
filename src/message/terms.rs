//! The terms of a contract of sale (SPEC.md section 9.1): goods, price,
//! Incoterms rule, payment and collection, the documents owed and who
//! issues each, shipment, law; and the changes a reply may make to them.

use serde::{Deserialize, Serialize};

use super::performance::DocumentType;
use super::{
    Amount, Body, MAX_DOCUMENTS, MAX_GOODS, MAX_TEXT, MAX_UNIT, check_text, e, k, list, nested, opt_nested, opt_party,
    opt_time, party, party_value, text, text_enum, time_value,
};
use crate::cbor::{Fields, Value};
use crate::error::DecodeError;
use crate::ids::{PartyId, UnixTime};

text_enum!(
    /// An Incoterms 2020 rule.
    Incoterm, "incoterm", {
        /// Ex Works.
        Exw = "EXW",
        /// Free Carrier.
        Fca = "FCA",
        /// Free Alongside Ship.
        Fas = "FAS",
        /// Free On Board.
        Fob = "FOB",
        /// Cost and Freight.
        Cfr = "CFR",
        /// Cost, Insurance and Freight.
        Cif = "CIF",
        /// Carriage Paid To.
        Cpt = "CPT",
        /// Carriage and Insurance Paid To.
        Cip = "CIP",
        /// Delivered at Place.
        Dap = "DAP",
        /// Delivered at Place Unloaded.
        Dpu = "DPU",
        /// Delivered Duty Paid.
        Ddp = "DDP",
    }
);

impl Incoterm {
    /// Whether the seller contracts for carriage under this rule (A4: CPT,
    /// CIP, CFR, CIF, DAP, DPU, DDP); under EXW, FCA, FAS and FOB the buyer
    /// does (B4).
    pub const fn seller_contracts_carriage(self) -> bool {
        matches!(
            self,
            Incoterm::Cpt
                | Incoterm::Cip
                | Incoterm::Cfr
                | Incoterm::Cif
                | Incoterm::Dap
                | Incoterm::Dpu
                | Incoterm::Ddp
        )
    }
    /// Whether the seller must insure the goods (A5: CIF and CIP only).
    pub const fn seller_insures(self) -> bool {
        matches!(self, Incoterm::Cif | Incoterm::Cip)
    }
    /// Whether the rule is for sea and inland waterway transport only (FAS,
    /// FOB, CFR, CIF).
    pub const fn sea_only(self) -> bool {
        matches!(self, Incoterm::Fas | Incoterm::Fob | Incoterm::Cfr | Incoterm::Cif)
    }
}

text_enum!(
    /// When the buyer gets the documents (URC 522 Art. 7).
    PaymentTerms, "payment terms", {
        /// Documents against payment: released after full payment.
        DocumentsAgainstPayment = "DP",
        /// Documents against acceptance: released once the buyer has
        /// accepted a draft of the contracted tenor.
        DocumentsAgainstAcceptance = "DA",
    }
);

text_enum!(
    /// How the documents reach the buyer.
    Channel, "channel", {
        /// The seller transfers the title document to the buyer itself.
        Direct = "direct",
        /// A documentary collection (URC 522): the seller hands the
        /// documents to its bank or to the presenting bank, which releases
        /// them to the buyer.
        Collection = "collection",
    }
);

/// One line of goods.
///
/// ```cddl
/// goods-line = { "description": tstr, "quantity": uint, "unit": tstr }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoodsLine {
    /// What the goods are, with their quality.
    pub description: String,
    /// How many units.
    pub quantity: u64,
    /// The unit of measure (UN/ECE Recommendation 20 code or plain text).
    pub unit: String,
}

impl Body for GoodsLine {
    const WHAT: &'static str = "goods line";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("description", Value::text(&self.description)),
            e("quantity", Value::Uint(self.quantity)),
            e("unit", Value::text(&self.unit)),
        ]
    }
    fn decode(f: &mut Fields) -> Result<GoodsLine, DecodeError> {
        Ok(GoodsLine {
            description: text(f, "description")?,
            quantity: f.required(k("quantity"))?.into_uint("quantity")?,
            unit: text(f, "unit")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        check_text(&self.description, "description", MAX_TEXT)?;
        check_text(&self.unit, "unit", MAX_UNIT)
    }
}

/// A document the seller owes, and the party that must issue it.
///
/// ```cddl
/// document-requirement = { "document_type": document-type, "issuer": party-id, "title": bool }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRequirement {
    /// Which document.
    pub document_type: DocumentType,
    /// Who must issue it (the carrier, the insurer, the inspector...).
    pub issuer: PartyId,
    /// Whether it must be a document of title (a negotiable bill of lading,
    /// a warehouse receipt).
    pub title: bool,
}

impl Body for DocumentRequirement {
    const WHAT: &'static str = "document requirement";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("document_type", self.document_type.to_value()),
            e("issuer", party_value(&self.issuer)),
            e("title", Value::Bool(self.title)),
        ]
    }
    fn decode(f: &mut Fields) -> Result<DocumentRequirement, DecodeError> {
        Ok(DocumentRequirement {
            document_type: DocumentType::field(f, "document_type")?,
            issuer: party(f, "issuer")?,
            title: f.required(k("title"))?.into_bool("title")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        Ok(())
    }
}

/// Payment terms of a contract.
///
/// ```cddl
/// payment-clause = { "terms": "DP" / "DA", "method": tstr,
///                    "channel": "direct" / "collection",
///                    ? "tenor_days": uint,       ; the draft's tenor, D/A
///                    ? "buyer_bank": party-id,   ; may pay; presents in a collection
///                    ? "seller_bank": party-id } ; remits in a collection
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentClause {
    /// Documents against payment or against acceptance.
    pub terms: PaymentTerms,
    /// How payment is made, in words.
    pub method: String,
    /// Direct, or a documentary collection through banks.
    pub channel: Channel,
    /// Under documents against acceptance: the draft's tenor, in days after
    /// sight (its acceptance). Fixed by the contract, never by the drawee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenor_days: Option<u64>,
    /// The buyer's bank: it may pay for the buyer, and in a collection it is
    /// the presenting bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_bank: Option<PartyId>,
    /// The seller's bank: in a collection, the remitting bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller_bank: Option<PartyId>,
}

impl Body for PaymentClause {
    const WHAT: &'static str = "payment";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = vec![
            e("terms", self.terms.to_value()),
            e("method", Value::text(&self.method)),
            e("channel", self.channel.to_value()),
        ];
        if let Some(t) = self.tenor_days {
            m.push(e("tenor_days", Value::Uint(t)));
        }
        if let Some(b) = &self.buyer_bank {
            m.push(e("buyer_bank", party_value(b)));
        }
        if let Some(b) = &self.seller_bank {
            m.push(e("seller_bank", party_value(b)));
        }
        m
    }
    fn decode(f: &mut Fields) -> Result<PaymentClause, DecodeError> {
        Ok(PaymentClause {
            terms: PaymentTerms::field(f, "terms")?,
            method: text(f, "method")?,
            channel: Channel::field(f, "channel")?,
            tenor_days: f
                .optional(k("tenor_days"))
                .map(|v| v.into_uint("tenor_days"))
                .transpose()?,
            buyer_bank: opt_party(f, "buyer_bank")?,
            seller_bank: opt_party(f, "seller_bank")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        check_text(&self.method, "method", MAX_TEXT)?;
        if let Some(t) = self.tenor_days {
            super::check_tenor(t)?;
        }
        Ok(())
    }
}

/// Shipment terms.
///
/// ```cddl
/// shipment = { "partial": bool, ? "latest": time }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shipment {
    /// Whether the goods may be shipped in several lots (UCP 600 Art. 31(a)
    /// allows it unless the contract says otherwise; here the contract
    /// always says).
    pub partial: bool,
    /// The latest shipment date, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<UnixTime>,
}

impl Body for Shipment {
    const WHAT: &'static str = "shipment";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = vec![e("partial", Value::Bool(self.partial))];
        if let Some(t) = self.latest {
            m.push(e("latest", time_value(t)));
        }
        m
    }
    fn decode(f: &mut Fields) -> Result<Shipment, DecodeError> {
        Ok(Shipment {
            partial: f.required(k("partial"))?.into_bool("partial")?,
            latest: opt_time(f, "latest")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        Ok(())
    }
}

/// Governing law.
///
/// ```cddl
/// law = { "cisg": bool, "governing": tstr }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// Whether the CISG applies (false: excluded under CISG article 6).
    pub cisg: bool,
    /// The governing law and forum, in words.
    pub governing: String,
}

impl Body for Law {
    const WHAT: &'static str = "law";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("cisg", Value::Bool(self.cisg)),
            e("governing", Value::text(&self.governing)),
        ]
    }
    fn decode(f: &mut Fields) -> Result<Law, DecodeError> {
        Ok(Law {
            cisg: f.required(k("cisg"))?.into_bool("cisg")?,
            governing: text(f, "governing")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        check_text(&self.governing, "governing", MAX_TEXT)
    }
}

/// The terms of a contract of sale, as offered.
///
/// ```cddl
/// terms = {
///   "seller": party-id, "buyer": party-id,
///   "goods": [+ goods-line], "price": amount,
///   "incoterm": incoterm, "place": tstr,
///   "payment": payment-clause, "documents": [* document-requirement],
///   "shipment": shipment, "law": law,
/// }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// The seller.
    pub seller: PartyId,
    /// The buyer.
    pub buyer: PartyId,
    /// The goods, with quality and quantity.
    pub goods: Vec<GoodsLine>,
    /// The total price.
    pub price: Amount,
    /// The Incoterms 2020 rule.
    pub incoterm: Incoterm,
    /// The place named with the rule (for example "Rotterdam").
    pub place: String,
    /// Payment terms, banks and channel.
    pub payment: PaymentClause,
    /// The documents the seller owes, each with its issuer.
    pub documents: Vec<DocumentRequirement>,
    /// Partial shipments and the latest shipment date.
    pub shipment: Shipment,
    /// Governing law.
    pub law: Law,
}

impl Terms {
    /// The total quantity of goods line `i`, if there is such a line.
    pub fn quantity(&self, i: usize) -> Option<u64> {
        self.goods.get(i).map(|g| g.quantity)
    }
    /// The requirement of a document issued by `issuer` of a type that
    /// service `service` produces, if the terms have one.
    pub fn requirement(&self, issuer: &PartyId, service: super::ServiceKind) -> Option<&DocumentRequirement> {
        self.documents
            .iter()
            .find(|d| d.issuer == *issuer && d.document_type.service() == service)
    }
}

fn goods(v: Value) -> Result<Vec<GoodsLine>, DecodeError> {
    let g = list(v, "goods", MAX_GOODS, GoodsLine::from_value)?;
    if g.is_empty() {
        return Err(DecodeError::schema("goods", "at least one goods line".into()));
    }
    Ok(g)
}

fn documents(v: Value) -> Result<Vec<DocumentRequirement>, DecodeError> {
    list(v, "documents", MAX_DOCUMENTS, DocumentRequirement::from_value)
}

fn values<T: Body>(items: &[T]) -> Value<'_> {
    Value::Array(items.iter().map(Body::to_value).collect())
}

impl Body for Terms {
    const WHAT: &'static str = "terms";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![
            e("seller", party_value(&self.seller)),
            e("buyer", party_value(&self.buyer)),
            e("goods", values(&self.goods)),
            e("price", self.price.to_value()),
            e("incoterm", self.incoterm.to_value()),
            e("place", Value::text(&self.place)),
            e("payment", self.payment.to_value()),
            e("documents", values(&self.documents)),
            e("shipment", self.shipment.to_value()),
            e("law", self.law.to_value()),
        ]
    }
    fn decode(f: &mut Fields) -> Result<Terms, DecodeError> {
        Ok(Terms {
            seller: party(f, "seller")?,
            buyer: party(f, "buyer")?,
            goods: goods(f.required(k("goods"))?)?,
            price: nested(f, "price")?,
            incoterm: Incoterm::field(f, "incoterm")?,
            place: text(f, "place")?,
            payment: nested(f, "payment")?,
            documents: documents(f.required(k("documents"))?)?,
            shipment: nested(f, "shipment")?,
            law: nested(f, "law")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        DecodeError::check_len("goods", self.goods.len(), MAX_GOODS)?;
        if self.goods.is_empty() {
            return Err(DecodeError::schema("goods", "at least one goods line".into()));
        }
        self.goods.iter().try_for_each(Body::check)?;
        check_text(&self.place, "place", MAX_TEXT)?;
        self.payment.check()?;
        DecodeError::check_len("documents", self.documents.len(), MAX_DOCUMENTS)?;
        self.law.check()
    }
}

/// Terms a reply changes; each field present replaces the offer's. Every
/// one of them is material under CISG 19(3) (price, payment, quality and
/// quantity, place and time of delivery, the documents and so the extent
/// of liability, dispute settlement), so a reply with any of them is a
/// counter-offer. Non-material additions go in [`crate::Acceptance::additions`].
///
/// ```cddl
/// terms-changes = { ? "goods": [+ goods-line], ? "price": amount,
///                   ? "incoterm": incoterm, ? "place": tstr,
///                   ? "payment": payment-clause,
///                   ? "documents": [* document-requirement],
///                   ? "shipment": shipment, ? "law": law }   ; at least one
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermsChanges {
    /// Changed goods (quality or quantity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goods: Option<Vec<GoodsLine>>,
    /// Changed price.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Amount>,
    /// Changed Incoterms rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incoterm: Option<Incoterm>,
    /// Changed place of delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Changed payment terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentClause>,
    /// Changed documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<Vec<DocumentRequirement>>,
    /// Changed shipment terms (time of delivery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment: Option<Shipment>,
    /// Changed law or dispute settlement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<Law>,
}

impl TermsChanges {
    /// The names of the terms changed, in CDDL order.
    pub fn changed(&self) -> Vec<&'static str> {
        [
            ("goods", self.goods.is_some()),
            ("price", self.price.is_some()),
            ("incoterm", self.incoterm.is_some()),
            ("place", self.place.is_some()),
            ("payment", self.payment.is_some()),
            ("documents", self.documents.is_some()),
            ("shipment", self.shipment.is_some()),
            ("law", self.law.is_some()),
        ]
        .into_iter()
        .filter_map(|(n, set)| set.then_some(n))
        .collect()
    }

    /// `terms` with these changes applied.
    pub fn apply(&self, terms: &Terms) -> Terms {
        let mut t = terms.clone();
        if let Some(g) = &self.goods {
            t.goods = g.clone();
        }
        if let Some(p) = self.price {
            t.price = p;
        }
        if let Some(i) = self.incoterm {
            t.incoterm = i;
        }
        if let Some(p) = &self.place {
            t.place = p.clone();
        }
        if let Some(p) = &self.payment {
            t.payment = p.clone();
        }
        if let Some(d) = &self.documents {
            t.documents = d.clone();
        }
        if let Some(s) = &self.shipment {
            t.shipment = s.clone();
        }
        if let Some(l) = &self.law {
            t.law = l.clone();
        }
        t
    }
}

impl Body for TermsChanges {
    const WHAT: &'static str = "changes";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = Vec::new();
        if let Some(g) = &self.goods {
            m.push(e("goods", values(g)));
        }
        if let Some(p) = &self.price {
            m.push(e("price", p.to_value()));
        }
        if let Some(i) = self.incoterm {
            m.push(e("incoterm", i.to_value()));
        }
        if let Some(p) = &self.place {
            m.push(e("place", Value::text(p)));
        }
        if let Some(p) = &self.payment {
            m.push(e("payment", p.to_value()));
        }
        if let Some(d) = &self.documents {
            m.push(e("documents", values(d)));
        }
        if let Some(s) = &self.shipment {
            m.push(e("shipment", s.to_value()));
        }
        if let Some(l) = &self.law {
            m.push(e("law", l.to_value()));
        }
        m
    }
    fn decode(f: &mut Fields) -> Result<TermsChanges, DecodeError> {
        Ok(TermsChanges {
            goods: f.optional(k("goods")).map(goods).transpose()?,
            price: opt_nested(f, "price")?,
            incoterm: f.optional(k("incoterm")).map(Incoterm::from_value).transpose()?,
            place: f.optional(k("place")).map(|v| v.into_text("place")).transpose()?,
            payment: opt_nested(f, "payment")?,
            documents: f.optional(k("documents")).map(documents).transpose()?,
            shipment: opt_nested(f, "shipment")?,
            law: opt_nested(f, "law")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        if self.changed().is_empty() {
            return Err(DecodeError::schema("changes", "present but changes nothing".into()));
        }
        if let Some(g) = &self.goods {
            DecodeError::check_len("goods", g.len(), MAX_GOODS)?;
            if g.is_empty() {
                return Err(DecodeError::schema("goods", "at least one goods line".into()));
            }
            g.iter().try_for_each(Body::check)?;
        }
        if let Some(p) = &self.place {
            check_text(p, "place", MAX_TEXT)?;
        }
        if let Some(p) = &self.payment {
            p.check()?;
        }
        if let Some(d) = &self.documents {
            DecodeError::check_len("documents", d.len(), MAX_DOCUMENTS)?;
        }
        if let Some(l) = &self.law {
            l.check()?;
        }
        Ok(())
    }
}
