//! The typed contract messages: one struct per kind, one [`Message`] enum.
//!
//! SPEC.md section "Message bodies" gives the CDDL of each; field names are
//! the same in CBOR, in JSON (the command-line tool) and in SPEC.md. Who
//! sends a message and to whom is not repeated in its body: the signed
//! header says it (`iss`, `aud`), and the statements a message answers are
//! listed in the payload's `answers`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::cbor::{Fields, Key, Value};
use crate::error::DecodeError;
use crate::ids::{Digest, PartyId, UnixTime};
use crate::statement::Statement;

/// Longest free-text field, in bytes of UTF-8.
pub const MAX_TEXT: usize = 1024;
/// Longest unit of measure, in bytes.
pub const MAX_UNIT: usize = 16;
/// Longest end-to-end id (ISO 20022 `Max35Text`).
pub const MAX_END_TO_END_ID: usize = 35;
/// Most goods lines in an offer.
pub const MAX_GOODS: usize = 256;
/// Most service providers in an offer.
pub const MAX_SERVICES: usize = 16;
/// Most proofs a performance notice carries.
pub const MAX_PROOFS: usize = 16;

/// The kind of a statement, as carried in header label -65538.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// 1: an offer to sell or to buy (source step 1).
    Offer,
    /// 2: an acceptance of an offer (step 2).
    Acceptance,
    /// 3: the seller's instruction to a service provider (step 3).
    ServiceInstruction,
    /// 4: a provider's proof that it performed (step 4).
    ServiceProof,
    /// 5: the seller's notice that it performed (step 5).
    PerformanceNotice,
    /// 6: a payment (step 6).
    Payment,
    /// 7: a transfer of the title document (step 7).
    TitleTransfer,
    /// 8: the addressee's signed receipt of a statement (CISG 15, 18(2), 24).
    Receipt,
    /// 9: the offeree's rejection of an offer (CISG 17).
    Rejection,
    /// 10: the offeror's revocation of an offer (CISG 16).
    Revocation,
    /// 11: a reply with changed terms: a rejection and a new offer (CISG 19).
    CounterOffer,
    /// 12: the offeror's confirmation of a late acceptance (CISG 21).
    Confirmation,
}

impl Kind {
    /// Every kind, in code order.
    pub const ALL: [Kind; 12] = [
        Kind::Offer,
        Kind::Acceptance,
        Kind::ServiceInstruction,
        Kind::ServiceProof,
        Kind::PerformanceNotice,
        Kind::Payment,
        Kind::TitleTransfer,
        Kind::Receipt,
        Kind::Rejection,
        Kind::Revocation,
        Kind::CounterOffer,
        Kind::Confirmation,
    ];

    /// The kind's code on the wire.
    pub const fn code(self) -> u64 {
        match self {
            Kind::Offer => 1,
            Kind::Acceptance => 2,
            Kind::ServiceInstruction => 3,
            Kind::ServiceProof => 4,
            Kind::PerformanceNotice => 5,
            Kind::Payment => 6,
            Kind::TitleTransfer => 7,
            Kind::Receipt => 8,
            Kind::Rejection => 9,
            Kind::Revocation => 10,
            Kind::CounterOffer => 11,
            Kind::Confirmation => 12,
        }
    }

    /// The kind with wire code `code`.
    pub fn from_code(code: u64) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The kind's name in SPEC.md, JSON and the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Offer => "offer",
            Kind::Acceptance => "acceptance",
            Kind::ServiceInstruction => "service-instruction",
            Kind::ServiceProof => "service-proof",
            Kind::PerformanceNotice => "performance-notice",
            Kind::Payment => "payment",
            Kind::TitleTransfer => "title-transfer",
            Kind::Receipt => "receipt",
            Kind::Rejection => "rejection",
            Kind::Revocation => "revocation",
            Kind::CounterOffer => "counter-offer",
            Kind::Confirmation => "confirmation",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = DecodeError;
    fn from_str(s: &str) -> Result<Kind, DecodeError> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| DecodeError::schema("kind", format!("unknown message kind {s:?}")))
    }
}

// ---------------------------------------------------------------------------
// Field helpers

fn text(v: Value, what: &'static str, max: usize) -> Result<String, DecodeError> {
    let t = v.into_text(what)?;
    DecodeError::check_len(what, t.len(), max)?;
    Ok(t)
}

fn check_text(t: &str, what: &'static str, max: usize) -> Result<(), DecodeError> {
    DecodeError::check_len(what, t.len(), max)
}

fn list<T>(
    v: Value,
    what: &'static str,
    max: usize,
    f: impl Fn(Value) -> Result<T, DecodeError>,
) -> Result<Vec<T>, DecodeError> {
    let items = v.into_array(what)?;
    DecodeError::check_len(what, items.len(), max)?;
    items.into_iter().map(f).collect()
}

fn k(s: &'static str) -> Key {
    Key::Text(s)
}

fn e(key: &'static str, v: Value) -> (Value, Value) {
    (Value::text(key), v)
}

macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal, { $($(#[$vdoc:meta])* $variant:ident = $wire:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $wire)] $variant),+
        }
        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The wire name.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $wire),+ }
            }
            fn to_value(self) -> Value {
                Value::text(self.name())
            }
            fn from_value(v: Value) -> Result<$name, DecodeError> {
                let t = v.into_text($what)?;
                $name::ALL.iter().copied().find(|x| x.name() == t).ok_or_else(|| {
                    DecodeError::schema($what, format!("unknown value {t:?}"))
                })
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

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
    /// Whether the seller contracts for carriage under this rule
    /// (CPT, CIP, CFR, CIF, DAP, DPU, DDP).
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
    /// Whether the seller must insure the goods (CIF and CIP only).
    pub const fn seller_insures(self) -> bool {
        matches!(self, Incoterm::Cif | Incoterm::Cip)
    }
}

text_enum!(
    /// When the buyer gets the title document (URC 522).
    PaymentTerms, "payment terms", {
        /// Documents against payment: title passes after full payment.
        DocumentsAgainstPayment = "DP",
        /// Documents against acceptance: title passes once the buyer has
        /// accepted a draft.
        DocumentsAgainstAcceptance = "DA",
    }
);

text_enum!(
    /// A service a third-party provider performs.
    ServiceKind, "service", {
        /// Carriage of the goods; its proof issues the transport document.
        Carriage = "carriage",
        /// Cargo insurance.
        Insurance = "insurance",
        /// Inspection of the goods.
        Inspection = "inspection",
    }
);

text_enum!(
    /// A document that represents title to the goods (MLETR).
    DocumentType, "document_type", {
        /// An (electronic) bill of lading.
        BillOfLading = "bill-of-lading",
        /// A warehouse receipt.
        WarehouseReceipt = "warehouse-receipt",
    }
);

text_enum!(
    /// How a payment is made.
    Instrument, "instrument", {
        /// Funds moved to the payee.
        FundsTransfer = "funds-transfer",
        /// A draft (bill of exchange) accepted by the drawee, payable at maturity.
        AcceptedDraft = "accepted-draft",
    }
);

/// An ISO 4217 alphabetic currency code: three upper-case letters.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Checks and wraps a code such as `"USD"`.
    pub fn new(code: &str) -> Result<Currency, DecodeError> {
        let b = code.as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_uppercase) {
            Ok(Currency([b[0], b[1], b[2]]))
        } else {
            Err(DecodeError::schema(
                "currency",
                format!("{code:?} is not an ISO 4217 code (three upper-case letters)"),
            ))
        }
    }
    /// The code.
    pub fn as_str(&self) -> &str {
        // Invariant: three ASCII upper-case letters.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({})", self.as_str())
    }
}
impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Currency::new(&s).map_err(serde::de::Error::custom)
    }
}

/// An amount of money: a currency and an integer number of its minor units
/// (cents for USD). Never a float.
///
/// ```cddl
/// amount = { "currency": tstr .regexp "[A-Z]{3}", "minor": uint }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    /// ISO 4217 code.
    pub currency: Currency,
    /// Minor units.
    pub minor: u64,
}

impl Amount {
    /// An amount of `minor` minor units of `currency` (for example
    /// `Amount::new("USD", 1_250_000)` is USD 12,500.00).
    pub fn new(currency: &str, minor: u64) -> Result<Amount, DecodeError> {
        Ok(Amount {
            currency: Currency::new(currency)?,
            minor,
        })
    }
    fn to_value(self) -> Value {
        Value::map(vec![
            e("currency", Value::text(self.currency.as_str())),
            e("minor", Value::Uint(self.minor)),
        ])
    }
    fn from_value(v: Value, what: &'static str) -> Result<Amount, DecodeError> {
        let mut f = Fields::new(what, v)?;
        let currency = Currency::new(&f.required(k("currency"))?.into_text("currency")?)?;
        let minor = f.required(k("minor"))?.into_uint("minor")?;
        f.finish()?;
        Ok(Amount { currency, minor })
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} (minor units)", self.currency, self.minor)
    }
}

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

impl GoodsLine {
    fn to_value(&self) -> Value {
        Value::map(vec![
            e("description", Value::text(&self.description)),
            e("quantity", Value::Uint(self.quantity)),
            e("unit", Value::text(&self.unit)),
        ])
    }
    fn from_value(v: Value) -> Result<GoodsLine, DecodeError> {
        let mut f = Fields::new("goods line", v)?;
        let g = GoodsLine {
            description: text(f.required(k("description"))?, "description", MAX_TEXT)?,
            quantity: f.required(k("quantity"))?.into_uint("quantity")?,
            unit: text(f.required(k("unit"))?, "unit", MAX_UNIT)?,
        };
        f.finish()?;
        Ok(g)
    }
}

/// A third-party service the contract requires.
///
/// ```cddl
/// service = { "provider": party-id, "service": service-kind, "task": tstr }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// The provider that must perform it.
    pub provider: PartyId,
    /// Which service.
    pub service: ServiceKind,
    /// What exactly the provider must do.
    pub task: String,
}

impl Service {
    fn to_value(&self) -> Value {
        Value::map(vec![
            e("provider", Value::Text(self.provider.to_hex())),
            e("service", self.service.to_value()),
            e("task", Value::text(&self.task)),
        ])
    }
    fn from_value(v: Value) -> Result<Service, DecodeError> {
        let mut f = Fields::new("service", v)?;
        let s = Service {
            provider: crate::cose::party_id(f.required(k("provider"))?, "provider")?,
            service: ServiceKind::from_value(f.required(k("service"))?)?,
            task: text(f.required(k("task"))?, "task", MAX_TEXT)?,
        };
        f.finish()?;
        Ok(s)
    }
}

/// Payment terms of a contract.
///
/// ```cddl
/// payment-terms = { "terms": "DP" / "DA", "method": tstr }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentClause {
    /// Documents against payment or against acceptance.
    pub terms: PaymentTerms,
    /// How payment is made, in words (for example "documentary collection
    /// through the buyer's bank, SWIFT credit transfer").
    pub method: String,
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

/// The terms of a contract of sale, as offered.
///
/// ```cddl
/// terms = {
///   "seller": party-id, "buyer": party-id,
///   "goods": [+ goods-line], "price": amount,
///   "incoterm": incoterm, "place": tstr,
///   "payment": payment-terms, "services": [* service], "law": law,
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
    /// Payment terms.
    pub payment: PaymentClause,
    /// The third-party services the seller must procure.
    pub services: Vec<Service>,
    /// Governing law.
    pub law: Law,
}

impl Terms {
    fn to_value(&self) -> Value {
        Value::map(vec![
            e("seller", Value::Text(self.seller.to_hex())),
            e("buyer", Value::Text(self.buyer.to_hex())),
            e(
                "goods",
                Value::Array(self.goods.iter().map(GoodsLine::to_value).collect()),
            ),
            e("price", self.price.to_value()),
            e("incoterm", self.incoterm.to_value()),
            e("place", Value::text(&self.place)),
            e("payment", payment_clause_value(&self.payment)),
            e(
                "services",
                Value::Array(self.services.iter().map(Service::to_value).collect()),
            ),
            e("law", law_value(&self.law)),
        ])
    }

    fn from_value(v: Value) -> Result<Terms, DecodeError> {
        let mut f = Fields::new("terms", v)?;
        let seller = crate::cose::party_id(f.required(k("seller"))?, "seller")?;
        let buyer = crate::cose::party_id(f.required(k("buyer"))?, "buyer")?;
        let goods = goods(f.required(k("goods"))?)?;
        let price = Amount::from_value(f.required(k("price"))?, "price")?;
        let incoterm = Incoterm::from_value(f.required(k("incoterm"))?)?;
        let place = text(f.required(k("place"))?, "place", MAX_TEXT)?;
        let payment = payment_clause(f.required(k("payment"))?)?;
        let services = services(f.required(k("services"))?)?;
        let law = law(f.required(k("law"))?)?;
        f.finish()?;
        Ok(Terms {
            seller,
            buyer,
            goods,
            price,
            incoterm,
            place,
            payment,
            services,
            law,
        })
    }

    fn check(&self) -> Result<(), DecodeError> {
        DecodeError::check_len("goods", self.goods.len(), MAX_GOODS)?;
        if self.goods.is_empty() {
            return Err(DecodeError::schema("goods", "at least one goods line".into()));
        }
        for g in &self.goods {
            check_text(&g.description, "description", MAX_TEXT)?;
            check_text(&g.unit, "unit", MAX_UNIT)?;
        }
        check_text(&self.place, "place", MAX_TEXT)?;
        check_text(&self.payment.method, "method", MAX_TEXT)?;
        DecodeError::check_len("services", self.services.len(), MAX_SERVICES)?;
        for s in &self.services {
            check_text(&s.task, "task", MAX_TEXT)?;
        }
        check_text(&self.law.governing, "governing", MAX_TEXT)
    }
}

impl Terms {
    /// Terms with every field filled with a placeholder, for limit checks.
    fn placeholder() -> Terms {
        let nobody = PartyId::from_bytes([0; 32]);
        Terms {
            seller: nobody,
            buyer: nobody,
            goods: vec![GoodsLine {
                description: String::new(),
                quantity: 0,
                unit: String::new(),
            }],
            price: Amount {
                currency: Currency(*b"XXX"),
                minor: 0,
            },
            incoterm: Incoterm::Exw,
            place: String::new(),
            payment: PaymentClause {
                terms: PaymentTerms::DocumentsAgainstPayment,
                method: String::new(),
            },
            services: Vec::new(),
            law: Law {
                cisg: true,
                governing: String::new(),
            },
        }
    }
}

fn goods(v: Value) -> Result<Vec<GoodsLine>, DecodeError> {
    let g = list(v, "goods", MAX_GOODS, GoodsLine::from_value)?;
    if g.is_empty() {
        return Err(DecodeError::schema("goods", "at least one goods line".into()));
    }
    Ok(g)
}

fn services(v: Value) -> Result<Vec<Service>, DecodeError> {
    list(v, "services", MAX_SERVICES, Service::from_value)
}

fn payment_clause_value(p: &PaymentClause) -> Value {
    Value::map(vec![
        e("terms", p.terms.to_value()),
        e("method", Value::text(&p.method)),
    ])
}

fn payment_clause(v: Value) -> Result<PaymentClause, DecodeError> {
    let mut p = Fields::new("payment", v)?;
    let c = PaymentClause {
        terms: PaymentTerms::from_value(p.required(k("terms"))?)?,
        method: text(p.required(k("method"))?, "method", MAX_TEXT)?,
    };
    p.finish()?;
    Ok(c)
}

fn law_value(l: &Law) -> Value {
    Value::map(vec![
        e("cisg", Value::Bool(l.cisg)),
        e("governing", Value::text(&l.governing)),
    ])
}

fn law(v: Value) -> Result<Law, DecodeError> {
    let mut l = Fields::new("law", v)?;
    let law = Law {
        cisg: l.required(k("cisg"))?.into_bool("cisg")?,
        governing: text(l.required(k("governing"))?, "governing", MAX_TEXT)?,
    };
    l.finish()?;
    Ok(law)
}

/// An offer (kind 1). Its sender is the offeror and its recipient the
/// offeree; the terms say which of them is seller and which buyer. It
/// answers nothing.
///
/// ```cddl
/// offer = { "terms": terms, ? "lapse": time, "irrevocable": bool }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// The terms offered.
    pub terms: Terms,
    /// When the offer lapses (CISG 18(2), 20). Absent: a reasonable time,
    /// which the validator's policy fixes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lapse: Option<UnixTime>,
    /// Whether the offer states that it is irrevocable (CISG 16(2)(a)).
    pub irrevocable: bool,
}

/// An acceptance (kind 2): the offeree's assent to the offer it answers
/// (exactly one id in `answers`).
///
/// A reply that purports to accept but changes terms is, under CISG 19(1),
/// a rejection and a counter-offer; `changes` records such changes so that
/// the validator can say so (rule `FORM-COUNTER`). An acceptance proper has
/// none.
///
/// ```cddl
/// acceptance = { ? "changes": terms-changes, ? "note": tstr }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Terms the reply changes (none in an acceptance proper).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<TermsChanges>,
    /// A remark that does not change the terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Terms a reply changes; each field present replaces the offer's.
///
/// ```cddl
/// terms-changes = { ? "goods": [+ goods-line], ? "price": amount,
///                   ? "incoterm": incoterm, ? "place": tstr,
///                   ? "payment": payment-terms, ? "services": [* service],
///                   ? "law": law }          ; at least one field
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
    /// Changed services.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<Service>>,
    /// Changed law or dispute settlement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub law: Option<Law>,
}

impl TermsChanges {
    /// The names of the terms changed, in CDDL order. Every one of them is
    /// material under CISG 19(3).
    pub fn changed(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        let flags = [
            ("goods", self.goods.is_some()),
            ("price", self.price.is_some()),
            ("incoterm", self.incoterm.is_some()),
            ("place", self.place.is_some()),
            ("payment", self.payment.is_some()),
            ("services", self.services.is_some()),
            ("law", self.law.is_some()),
        ];
        for (name, set) in flags {
            if set {
                v.push(name);
            }
        }
        v
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
        if let Some(s) = &self.services {
            t.services = s.clone();
        }
        if let Some(l) = &self.law {
            t.law = l.clone();
        }
        t
    }

    fn to_value(&self) -> Value {
        let mut m = Vec::new();
        if let Some(g) = &self.goods {
            m.push(e("goods", Value::Array(g.iter().map(GoodsLine::to_value).collect())));
        }
        if let Some(p) = self.price {
            m.push(e("price", p.to_value()));
        }
        if let Some(i) = self.incoterm {
            m.push(e("incoterm", i.to_value()));
        }
        if let Some(p) = &self.place {
            m.push(e("place", Value::text(p)));
        }
        if let Some(p) = &self.payment {
            m.push(e("payment", payment_clause_value(p)));
        }
        if let Some(s) = &self.services {
            m.push(e("services", Value::Array(s.iter().map(Service::to_value).collect())));
        }
        if let Some(l) = &self.law {
            m.push(e("law", law_value(l)));
        }
        Value::map(m)
    }

    fn from_value(v: Value) -> Result<TermsChanges, DecodeError> {
        let mut f = Fields::new("changes", v)?;
        let c = TermsChanges {
            goods: f.optional(k("goods")).map(goods).transpose()?,
            price: f
                .optional(k("price"))
                .map(|v| Amount::from_value(v, "price"))
                .transpose()?,
            incoterm: f.optional(k("incoterm")).map(Incoterm::from_value).transpose()?,
            place: f.optional(k("place")).map(|v| text(v, "place", MAX_TEXT)).transpose()?,
            payment: f.optional(k("payment")).map(payment_clause).transpose()?,
            services: f.optional(k("services")).map(services).transpose()?,
            law: f.optional(k("law")).map(law).transpose()?,
        };
        f.finish()?;
        // The decoders above enforced every limit already.
        c.changes_something()?;
        Ok(c)
    }

    fn changes_something(&self) -> Result<(), DecodeError> {
        if self.changed().is_empty() {
            return Err(DecodeError::schema("changes", "present but changes nothing".into()));
        }
        Ok(())
    }

    fn check(&self) -> Result<(), DecodeError> {
        self.changes_something()?;
        // The limits of every changed term, on placeholders for the rest.
        self.apply(&Terms::placeholder()).check()
    }
}

/// A service instruction (kind 3) from the seller to a provider (its
/// recipient), answering the statement that concluded the contract.
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

/// A title document issued by a carrier or warehouse.
///
/// ```cddl
/// title-document = { "document_type": "bill-of-lading" / "warehouse-receipt",
///                    "id": tstr, "digest": digest, "holder": party-id }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleDocument {
    /// What kind of document.
    pub document_type: DocumentType,
    /// Its number (for example the bill of lading number).
    pub id: String,
    /// SHA-256 of the document itself.
    pub digest: Digest,
    /// The party it is issued to (its first holder).
    pub holder: PartyId,
}

/// A reference to a title document.
///
/// ```cddl
/// document-ref = { "id": tstr, "digest": digest }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// The document's number.
    pub id: String,
    /// SHA-256 of the document.
    pub digest: Digest,
}

/// A service proof (kind 4) from a provider to the seller, answering the
/// instruction it fulfils.
///
/// ```cddl
/// service-proof = { "service": service-kind, "report": tstr,
///                   ? "document": title-document }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceProof {
    /// Which service was performed.
    pub service: ServiceKind,
    /// What was done.
    pub report: String,
    /// For carriage: the transport document that represents title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<TitleDocument>,
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

/// A payment (kind 6) from the buyer, or a bank acting for it, to the
/// seller, answering the performance notice (and, for a later instalment,
/// the previous payment too).
///
/// ```cddl
/// payment = { "amount": amount, "end_to_end_id": tstr .size (1..35),
///             "instrument": "funds-transfer" / "accepted-draft",
///             "method": tstr, "final": bool,
///             ? "maturity": time, ? "on_behalf_of": party-id }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The amount paid.
    pub amount: Amount,
    /// The ISO 20022 end-to-end id, unique within the contract.
    pub end_to_end_id: String,
    /// Funds transfer or accepted draft.
    pub instrument: Instrument,
    /// The payment system or channel, in words.
    pub method: String,
    /// Whether this payment completes the amount due (`false` for an
    /// instalment with more to follow). Instalments must add up exactly.
    #[serde(rename = "final")]
    pub is_final: bool,
    /// For an accepted draft: when it falls due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity: Option<UnixTime>,
    /// When a bank pays: the buyer it pays for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<PartyId>,
}

/// A title transfer (kind 7): the current holder of a title document (the
/// sender) passes it to the recipient. It answers the payment (or accepted
/// draft) that entitles the transfer, or the previous transfer.
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

/// A receipt (kind 8): the addressee of the statement it answers (exactly
/// one) signs that the statement reached it at `received`. Under the CISG an
/// offer, acceptance, rejection or revocation takes effect when it reaches
/// its addressee, so receipts are the evidence of when that happened.
///
/// ```cddl
/// receipt = { "received": time }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// When the statement reached the receipt's signer.
    pub received: UnixTime,
}

/// A rejection (kind 9) of the offer it answers, by the offeree (CISG 17).
///
/// ```cddl
/// rejection = { ? "reason": tstr }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    /// Why, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A revocation (kind 10) of the offer it answers, by the offeror (CISG 16).
///
/// ```cddl
/// revocation = { ? "reason": tstr }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revocation {
    /// Why, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The offeror's confirmation (kind 12) of the late acceptance it answers
/// (CISG 21(1)).
///
/// ```cddl
/// confirmation = { ? "note": tstr }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// A remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A typed contract message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Message {
    /// Kind 1.
    Offer(Offer),
    /// Kind 2.
    Acceptance(Acceptance),
    /// Kind 3.
    ServiceInstruction(ServiceInstruction),
    /// Kind 4.
    ServiceProof(ServiceProof),
    /// Kind 5.
    PerformanceNotice(PerformanceNotice),
    /// Kind 6.
    Payment(Payment),
    /// Kind 7.
    TitleTransfer(TitleTransfer),
    /// Kind 8.
    Receipt(Receipt),
    /// Kind 9.
    Rejection(Rejection),
    /// Kind 10.
    Revocation(Revocation),
    /// Kind 11: a counter-offer, whose body is an offer (roles swapped: its
    /// sender is the new offeror).
    CounterOffer(Offer),
    /// Kind 12.
    Confirmation(Confirmation),
}

macro_rules! into_message {
    ($($t:ident),+) => {$(
        impl From<$t> for Message {
            fn from(m: $t) -> Message {
                Message::$t(m)
            }
        }
    )+};
}
into_message!(
    Offer,
    Acceptance,
    ServiceInstruction,
    ServiceProof,
    PerformanceNotice,
    Payment,
    TitleTransfer,
    Receipt,
    Rejection,
    Revocation,
    Confirmation
);

impl Message {
    /// The message's kind.
    pub fn kind(&self) -> Kind {
        match self {
            Message::Offer(_) => Kind::Offer,
            Message::Acceptance(_) => Kind::Acceptance,
            Message::ServiceInstruction(_) => Kind::ServiceInstruction,
            Message::ServiceProof(_) => Kind::ServiceProof,
            Message::PerformanceNotice(_) => Kind::PerformanceNotice,
            Message::Payment(_) => Kind::Payment,
            Message::TitleTransfer(_) => Kind::TitleTransfer,
            Message::Receipt(_) => Kind::Receipt,
            Message::Rejection(_) => Kind::Rejection,
            Message::Revocation(_) => Kind::Revocation,
            Message::CounterOffer(_) => Kind::CounterOffer,
            Message::Confirmation(_) => Kind::Confirmation,
        }
    }

    /// The body's deterministic CBOR encoding, as it appears in a
    /// statement's payload (SPEC.md section 9).
    pub fn to_cbor(&self) -> Vec<u8> {
        self.to_value().to_vec()
    }

    /// Checks the limits of SPEC.md on a message about to be signed.
    pub(crate) fn check(&self) -> Result<(), DecodeError> {
        match self {
            Message::Offer(o) | Message::CounterOffer(o) => o.terms.check(),
            Message::Acceptance(a) => {
                if let Some(c) = &a.changes {
                    c.check()?;
                }
                check_opt_text(&a.note, "note")
            }
            Message::Receipt(_) => Ok(()),
            Message::Rejection(Rejection { reason }) | Message::Revocation(Revocation { reason }) => {
                check_opt_text(reason, "reason")
            }
            Message::Confirmation(c) => check_opt_text(&c.note, "note"),
            Message::ServiceInstruction(i) => check_text(&i.task, "task", MAX_TEXT),
            Message::ServiceProof(p) => {
                check_text(&p.report, "report", MAX_TEXT)?;
                p.document
                    .as_ref()
                    .map_or(Ok(()), |d| check_text(&d.id, "id", MAX_TEXT))
            }
            Message::PerformanceNotice(n) => DecodeError::check_len("proofs", n.proofs.len(), MAX_PROOFS),
            Message::Payment(p) => check_payment(p),
            Message::TitleTransfer(t) => check_text(&t.document.id, "id", MAX_TEXT),
        }
    }

    /// The CBOR body.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Message::Offer(o) | Message::CounterOffer(o) => {
                let mut m = vec![
                    e("terms", o.terms.to_value()),
                    e("irrevocable", Value::Bool(o.irrevocable)),
                ];
                if let Some(l) = o.lapse {
                    m.push(e("lapse", Value::Uint(l.as_secs())));
                }
                Value::map(m)
            }
            Message::Acceptance(a) => {
                let mut m = opt_text_entry("note", &a.note);
                if let Some(c) = &a.changes {
                    m.push(e("changes", c.to_value()));
                }
                Value::map(m)
            }
            Message::Receipt(r) => Value::map(vec![e("received", Value::Uint(r.received.as_secs()))]),
            Message::Rejection(Rejection { reason }) | Message::Revocation(Revocation { reason }) => {
                Value::map(opt_text_entry("reason", reason))
            }
            Message::Confirmation(c) => Value::map(opt_text_entry("note", &c.note)),
            Message::ServiceInstruction(i) => Value::map(vec![
                e("service", i.service.to_value()),
                e("task", Value::text(&i.task)),
            ]),
            Message::ServiceProof(p) => {
                let mut m = vec![e("service", p.service.to_value()), e("report", Value::text(&p.report))];
                if let Some(d) = &p.document {
                    m.push(e(
                        "document",
                        Value::map(vec![
                            e("document_type", d.document_type.to_value()),
                            e("id", Value::text(&d.id)),
                            e("digest", Value::Bytes(d.digest.as_bytes().to_vec())),
                            e("holder", Value::Text(d.holder.to_hex())),
                        ]),
                    ));
                }
                Value::map(m)
            }
            Message::PerformanceNotice(n) => Value::map(vec![
                e("due", n.due.to_value()),
                e(
                    "proofs",
                    Value::Array(n.proofs.iter().map(|p| Value::Bytes(p.as_bytes().to_vec())).collect()),
                ),
            ]),
            Message::Payment(p) => {
                let mut m = vec![
                    e("amount", p.amount.to_value()),
                    e("end_to_end_id", Value::text(&p.end_to_end_id)),
                    e("instrument", p.instrument.to_value()),
                    e("method", Value::text(&p.method)),
                    e("final", Value::Bool(p.is_final)),
                ];
                if let Some(t) = p.maturity {
                    m.push(e("maturity", Value::Uint(t.as_secs())));
                }
                if let Some(b) = &p.on_behalf_of {
                    m.push(e("on_behalf_of", Value::Text(b.to_hex())));
                }
                Value::map(m)
            }
            Message::TitleTransfer(t) => Value::map(vec![e("document", doc_ref_value(&t.document))]),
        }
    }

    /// Decodes the body of a message of kind `kind`.
    pub(crate) fn from_value(kind: Kind, v: Value) -> Result<Message, DecodeError> {
        let mut f = Fields::new("body", v)?;
        let m = match kind {
            Kind::Offer | Kind::CounterOffer => {
                let o = Offer {
                    terms: Terms::from_value(f.required(k("terms"))?)?,
                    lapse: f
                        .optional(k("lapse"))
                        .map(|v| UnixTime::decode(v, "lapse"))
                        .transpose()?,
                    irrevocable: f.required(k("irrevocable"))?.into_bool("irrevocable")?,
                };
                if kind == Kind::Offer {
                    Message::Offer(o)
                } else {
                    Message::CounterOffer(o)
                }
            }
            Kind::Acceptance => Message::Acceptance(Acceptance {
                changes: f.optional(k("changes")).map(TermsChanges::from_value).transpose()?,
                note: opt_text(&mut f, "note")?,
            }),
            Kind::Receipt => Message::Receipt(Receipt {
                received: UnixTime::decode(f.required(k("received"))?, "received")?,
            }),
            Kind::Rejection => Message::Rejection(Rejection {
                reason: opt_text(&mut f, "reason")?,
            }),
            Kind::Revocation => Message::Revocation(Revocation {
                reason: opt_text(&mut f, "reason")?,
            }),
            Kind::Confirmation => Message::Confirmation(Confirmation {
                note: opt_text(&mut f, "note")?,
            }),
            Kind::ServiceInstruction => Message::ServiceInstruction(ServiceInstruction {
                service: ServiceKind::from_value(f.required(k("service"))?)?,
                task: text(f.required(k("task"))?, "task", MAX_TEXT)?,
            }),
            Kind::ServiceProof => Message::ServiceProof(ServiceProof {
                service: ServiceKind::from_value(f.required(k("service"))?)?,
                report: text(f.required(k("report"))?, "report", MAX_TEXT)?,
                document: f.optional(k("document")).map(title_document).transpose()?,
            }),
            Kind::PerformanceNotice => {
                let due = Amount::from_value(f.required(k("due"))?, "due")?;
                let proofs = list(f.required(k("proofs"))?, "proofs", MAX_PROOFS, |v| {
                    Statement::decode_carried(&v.into_bytes("proof")?)
                })?;
                Message::PerformanceNotice(PerformanceNotice { due, proofs })
            }
            Kind::Payment => {
                let p = Payment {
                    amount: Amount::from_value(f.required(k("amount"))?, "amount")?,
                    end_to_end_id: text(f.required(k("end_to_end_id"))?, "end_to_end_id", MAX_END_TO_END_ID)?,
                    instrument: Instrument::from_value(f.required(k("instrument"))?)?,
                    method: text(f.required(k("method"))?, "method", MAX_TEXT)?,
                    is_final: f.required(k("final"))?.into_bool("final")?,
                    maturity: f
                        .optional(k("maturity"))
                        .map(|v| UnixTime::decode(v, "maturity"))
                        .transpose()?,
                    on_behalf_of: f
                        .optional(k("on_behalf_of"))
                        .map(|v| crate::cose::party_id(v, "on_behalf_of"))
                        .transpose()?,
                };
                check_payment(&p)?;
                Message::Payment(p)
            }
            Kind::TitleTransfer => Message::TitleTransfer(TitleTransfer {
                document: doc_ref(f.required(k("document"))?)?,
            }),
        };
        f.finish()?;
        Ok(m)
    }
}

fn check_opt_text(t: &Option<String>, what: &'static str) -> Result<(), DecodeError> {
    t.as_deref().map_or(Ok(()), |t| check_text(t, what, MAX_TEXT))
}

fn opt_text(f: &mut Fields, key: &'static str) -> Result<Option<String>, DecodeError> {
    f.optional(k(key)).map(|v| text(v, key, MAX_TEXT)).transpose()
}

fn opt_text_entry(key: &'static str, t: &Option<String>) -> Vec<(Value, Value)> {
    t.iter().map(|t| e(key, Value::text(t))).collect()
}

fn check_payment(p: &Payment) -> Result<(), DecodeError> {
    if p.end_to_end_id.is_empty() {
        return Err(DecodeError::schema("end_to_end_id", "must not be empty".into()));
    }
    check_text(&p.end_to_end_id, "end_to_end_id", MAX_END_TO_END_ID)?;
    check_text(&p.method, "method", MAX_TEXT)?;
    match (p.instrument, p.maturity) {
        (Instrument::AcceptedDraft, None) => Err(DecodeError::schema(
            "maturity",
            "an accepted draft has a maturity".into(),
        )),
        (Instrument::FundsTransfer, Some(_)) => Err(DecodeError::schema(
            "maturity",
            "only an accepted draft has a maturity".into(),
        )),
        _ => Ok(()),
    }
}

fn doc_ref_value(d: &DocumentRef) -> Value {
    Value::map(vec![
        e("id", Value::text(&d.id)),
        e("digest", Value::Bytes(d.digest.as_bytes().to_vec())),
    ])
}

fn doc_ref(v: Value) -> Result<DocumentRef, DecodeError> {
    let mut f = Fields::new("document", v)?;
    let d = DocumentRef {
        id: text(f.required(k("id"))?, "id", MAX_TEXT)?,
        digest: Digest::from_bytes(f.required(k("digest"))?.into_array32("digest")?),
    };
    f.finish()?;
    Ok(d)
}

fn title_document(v: Value) -> Result<TitleDocument, DecodeError> {
    let mut f = Fields::new("document", v)?;
    let d = TitleDocument {
        document_type: DocumentType::from_value(f.required(k("document_type"))?)?,
        id: text(f.required(k("id"))?, "id", MAX_TEXT)?,
        digest: Digest::from_bytes(f.required(k("digest"))?.into_array32("digest")?),
        holder: crate::cose::party_id(f.required(k("holder"))?, "holder")?,
    };
    f.finish()?;
    Ok(d)
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

impl Serialize for Message {
    /// The body alone, as SPEC.md section 14 gives it (the kind is carried
    /// beside it).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Message::Offer(m) | Message::CounterOffer(m) => m.serialize(s),
            Message::Acceptance(m) => m.serialize(s),
            Message::ServiceInstruction(m) => m.serialize(s),
            Message::ServiceProof(m) => m.serialize(s),
            Message::PerformanceNotice(m) => m.serialize(s),
            Message::Payment(m) => m.serialize(s),
            Message::TitleTransfer(m) => m.serialize(s),
            Message::Receipt(m) => m.serialize(s),
            Message::Rejection(m) => m.serialize(s),
            Message::Revocation(m) => m.serialize(s),
            Message::Confirmation(m) => m.serialize(s),
        }
    }
}

impl Message {
    /// Reads the body of a message of kind `kind` from any serde format (the
    /// command-line tool uses JSON, SPEC.md section 14). Limits are checked
    /// when the message is signed.
    pub fn deserialize_body<'de, D: serde::Deserializer<'de>>(kind: Kind, d: D) -> Result<Message, D::Error> {
        Ok(match kind {
            Kind::Offer => Message::Offer(Offer::deserialize(d)?),
            Kind::CounterOffer => Message::CounterOffer(Offer::deserialize(d)?),
            Kind::Acceptance => Message::Acceptance(Acceptance::deserialize(d)?),
            Kind::ServiceInstruction => Message::ServiceInstruction(ServiceInstruction::deserialize(d)?),
            Kind::ServiceProof => Message::ServiceProof(ServiceProof::deserialize(d)?),
            Kind::PerformanceNotice => Message::PerformanceNotice(PerformanceNotice::deserialize(d)?),
            Kind::Payment => Message::Payment(Payment::deserialize(d)?),
            Kind::TitleTransfer => Message::TitleTransfer(TitleTransfer::deserialize(d)?),
            Kind::Receipt => Message::Receipt(Receipt::deserialize(d)?),
            Kind::Rejection => Message::Rejection(Rejection::deserialize(d)?),
            Kind::Revocation => Message::Revocation(Revocation::deserialize(d)?),
            Kind::Confirmation => Message::Confirmation(Confirmation::deserialize(d)?),
        })
    }
}
