//! Formation messages (SPEC.md section 9.2): offer, acceptance, rejection,
//! revocation, withdrawal, objection, confirmation, and the receipt that
//! shows when any statement reached its addressee.

use serde::{Deserialize, Serialize};

use super::{
    Body, MAX_ADDITIONS, MAX_TEXT, Terms, TermsChanges, check_opt_text, check_text, e, k, list, nested, opt_nested,
    opt_text, opt_text_entry, opt_time, time, time_value,
};
use crate::cbor::{Fields, Value};
use crate::error::DecodeError;
use crate::ids::UnixTime;

/// An offer (kind 1), and the body of a counter-offer (kind 11). Its sender
/// is the offeror and its recipient the offeree; the terms say which of them
/// is seller and which buyer.
///
/// ```cddl
/// offer = { "terms": terms, ? "lapse": time, "irrevocable": bool }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offer {
    /// The terms offered.
    pub terms: Terms,
    /// The fixed time for acceptance (CISG 18(2), 20). Absent: a reasonable
    /// time, which the validator's policy fixes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lapse: Option<UnixTime>,
    /// Whether the offer states that it is irrevocable (CISG 16(2)(a)).
    pub irrevocable: bool,
}

impl Body for Offer {
    const WHAT: &'static str = "offer";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = vec![
            e("terms", self.terms.to_value()),
            e("irrevocable", Value::Bool(self.irrevocable)),
        ];
        if let Some(l) = self.lapse {
            m.push(e("lapse", time_value(l)));
        }
        m
    }
    fn decode(f: &mut Fields) -> Result<Offer, DecodeError> {
        Ok(Offer {
            terms: nested(f, "terms")?,
            lapse: opt_time(f, "lapse")?,
            irrevocable: f.required(k("irrevocable"))?.into_bool("irrevocable")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        self.terms.check()
    }
}

/// An acceptance (kind 2): the offeree's assent to the offer it answers.
///
/// `changes` are material changes (CISG 19(1), (3)): a reply with them is a
/// rejection and a counter-offer, and the validator says so
/// (`FORM-COUNTER`). `additions` are additional or different terms the
/// offeree states do not materially alter the offer (CISG 19(2)): the reply
/// is an acceptance unless the offeror objects without undue delay.
///
/// ```cddl
/// acceptance = { ? "changes": terms-changes, ? "additions": [+ tstr], ? "note": tstr }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Material changes (none in an acceptance proper).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<TermsChanges>,
    /// Non-material additional terms (CISG 19(2)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additions: Vec<String>,
    /// A remark that does not change the terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Body for Acceptance {
    const WHAT: &'static str = "acceptance";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        let mut m = Vec::new();
        opt_text_entry(&mut m, "note", &self.note);
        if let Some(c) = &self.changes {
            m.push(e("changes", c.to_value()));
        }
        if !self.additions.is_empty() {
            m.push(e(
                "additions",
                Value::Array(self.additions.iter().map(|a| Value::text(a)).collect()),
            ));
        }
        m
    }
    fn decode(f: &mut Fields) -> Result<Acceptance, DecodeError> {
        let additions = match f.optional(k("additions")) {
            None => Vec::new(),
            Some(v) => {
                let a = list(v, "additions", MAX_ADDITIONS, |v| v.into_text("additions"))?;
                if a.is_empty() {
                    return Err(DecodeError::schema("additions", "present but empty".into()));
                }
                a
            }
        };
        Ok(Acceptance {
            changes: opt_nested(f, "changes")?,
            additions,
            note: opt_text(f, "note")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        if let Some(c) = &self.changes {
            c.check()?;
        }
        DecodeError::check_len("additions", self.additions.len(), MAX_ADDITIONS)?;
        for a in &self.additions {
            check_text(a, "additions", MAX_TEXT)?;
            if a.is_empty() {
                return Err(DecodeError::schema("additions", "an addition is never empty".into()));
            }
        }
        check_opt_text(&self.note, "note")
    }
}

/// A receipt (kind 8): the addressee of the statement it answers signs that
/// the statement reached it at `received`.
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

impl Body for Receipt {
    const WHAT: &'static str = "receipt";
    fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
        vec![e("received", time_value(self.received))]
    }
    fn decode(f: &mut Fields) -> Result<Receipt, DecodeError> {
        Ok(Receipt {
            received: time(f, "received")?,
        })
    }
    fn check(&self) -> Result<(), DecodeError> {
        Ok(())
    }
}

/// Bodies that hold only an optional remark.
macro_rules! remark_body {
    ($(#[$doc:meta])* $name:ident, $field:ident, $key:literal, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// A remark, in words.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub $field: Option<String>,
        }

        impl Body for $name {
            const WHAT: &'static str = $what;
            fn encode(&self) -> Vec<(Value<'_>, Value<'_>)> {
                let mut m = Vec::new();
                opt_text_entry(&mut m, $key, &self.$field);
                m
            }
            fn decode(f: &mut Fields) -> Result<$name, DecodeError> {
                Ok($name { $field: opt_text(f, $key)? })
            }
            fn check(&self) -> Result<(), DecodeError> {
                check_opt_text(&self.$field, $key)
            }
        }
    };
}

remark_body!(
    /// A rejection (kind 9) of the offer it answers, by the offeree (CISG 17).
    ///
    /// ```cddl
    /// rejection = { ? "reason": tstr }
    /// ```
    Rejection, reason, "reason", "rejection"
);
remark_body!(
    /// A revocation (kind 10) of the offer it answers, by the offeror (CISG 16).
    ///
    /// ```cddl
    /// revocation = { ? "reason": tstr }
    /// ```
    Revocation, reason, "reason", "revocation"
);
remark_body!(
    /// The offeror's confirmation (kind 12) of the late acceptance it answers
    /// (CISG 21(1)).
    ///
    /// ```cddl
    /// confirmation = { ? "note": tstr }
    /// ```
    Confirmation, note, "note", "confirmation"
);
remark_body!(
    /// A withdrawal (kind 13) of the offer (by the offeror, CISG 15(2)) or
    /// of the acceptance (by the offeree, CISG 22) it answers. It works only
    /// if it reaches the addressee no later than what it withdraws.
    ///
    /// ```cddl
    /// withdrawal = { ? "reason": tstr }
    /// ```
    Withdrawal, reason, "reason", "withdrawal"
);
remark_body!(
    /// The offeror's objection (kind 14) to the acceptance it answers: to its
    /// non-material additions (CISG 19(2)), or to a late acceptance that
    /// would have arrived in time but for a delay in transmission (21(2)).
    /// It must be sent without undue delay.
    ///
    /// ```cddl
    /// objection = { ? "reason": tstr }
    /// ```
    Objection, reason, "reason", "objection"
);
