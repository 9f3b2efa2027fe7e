//! Evidence (SPEC.md 18.3): time-stamp tokens bound when a statement
//! existed, receipts say when it reached its addressee; and the view of
//! that evidence formation is judged on ([`Ctx`]).

use super::Validator;
use super::index::{Index, Item};
use super::policy::Policy;
use super::rules::{Broken, Rule, ensure};
use crate::Verified;
use crate::ids::{StatementId, UnixTime};
use crate::message::Message;
use crate::statement::Statement;
use crate::timestamp::TimestampToken;

/// The first 16 bytes of SHA-256: a fixed-size key for a token's bytes.
pub(super) fn short_hash(bytes: &[u8]) -> [u8; 16] {
    use sha2::Digest as _;
    let d = sha2::Sha256::digest(bytes);
    let mut out = [0u8; 16];
    out.copy_from_slice(&d[..16]);
    out
}

/// The evidence a formation round is judged on.
pub(crate) struct Ctx<'a> {
    pub policy: &'a Policy,
    pub index: &'a Index,
    /// The whole transcript has been read: effects still awaiting a
    /// statement within a delay are decided as if none came.
    pub end: bool,
    /// The time the report is asked for, if given.
    pub now: Option<UnixTime>,
    /// The worst case for a party drafting its next statement: every
    /// statement without a receipt reached its addressee when it was
    /// dispatched (SPEC.md 19.4).
    pub worst_case: bool,
}

impl Ctx<'_> {
    /// When `id` reached its addressee, as a receipt says.
    pub fn receipt(&self, id: &StatementId) -> Option<UnixTime> {
        self.index.get(id)?.receipt()
    }
    /// The earliest valid token's time of `id`.
    pub fn token(&self, id: &StatementId) -> Option<UnixTime> {
        self.index.get(id)?.token()
    }
    /// When `id` reached its addressee (SPEC.md 18.4.2): its receipt's
    /// time; without a receipt, only if the policy does not require
    /// receipts, its earliest token's time or failing that its signing time.
    pub fn reached(&self, id: &StatementId) -> Option<UnixTime> {
        let e = self.index.get(id)?;
        if self.worst_case {
            return Some(e.receipt().unwrap_or_else(|| self.dispatched(id)));
        }
        e.receipt()
            .or_else(|| (!self.policy.require_receipts).then(|| e.token().unwrap_or(e.time)))
    }
    /// When `id` was dispatched: its signing time, or its earliest token's
    /// time if that is earlier (the token proves it existed by then).
    pub fn dispatched(&self, id: &StatementId) -> UnixTime {
        self.index
            .get(id)
            .map_or(UnixTime::MAX, |e| e.token().map_or(e.time, |t| t.min(e.time)))
    }
}

impl Validator {
    pub(crate) fn ctx(&self) -> Ctx<'_> {
        Ctx {
            policy: &self.policy,
            index: &self.idx,
            end: self.ended,
            now: self.now,
            worst_case: self.worst_case,
        }
    }

    /// Why `authority` cannot issue third-party time-stamps here, if it
    /// cannot (SPEC.md 18.3): it is not among the policy's authorities, it
    /// has a role in the contract, or it signed, received or was copied on
    /// a statement of it.
    pub(crate) fn not_third_party(&self, authority: &crate::ids::PartyId) -> Option<String> {
        if self.policy.authorities.as_ref().is_some_and(|a| !a.contains(authority)) {
            return Some("is not among the authorities the policy accepts".to_owned());
        }
        // A party's successor key is that party (18.2 step 5).
        let acting = self.acting_for(*authority);
        let authority = &acting;
        let roles: Vec<&str> = self
            .roles
            .get(authority)
            .map(|r| r.iter().copied().filter(|x| *x != "time-stamp authority").collect())
            .unwrap_or_default();
        if !roles.is_empty() {
            return Some(format!("is a party to the contract ({})", roles.join(", ")));
        }
        if self.idx.is_actor(authority) {
            return Some("signed, received or was copied on a statement of this contract".to_owned());
        }
        None
    }

    /// Handles one token (SPEC.md 18.3).
    pub(crate) fn accept_token(&mut self, index: usize, t: &Verified<TimestampToken>) {
        let imprint = t.imprint();
        if self.policy.require_rfc3161 {
            self.find(
                Rule::TimeRfc3161,
                index,
                Some(imprint),
                "the token is of econtract's own format and the policy requires RFC 3161 time-stamps; it is not taken as evidence".into(),
            );
            return;
        }
        let Some(target) = self.idx.get(&imprint).copied() else {
            if !self.idx.wait(index, vec![imprint], Item::Token(t.clone())) {
                self.find(
                    Rule::ChainDangling,
                    index,
                    Some(imprint),
                    "the token stamps a statement that is not in the transcript so far".into(),
                );
            }
            return;
        };
        self.tokens += 1;
        if target.index as usize > index {
            self.find(
                Rule::ChainOrder,
                index,
                Some(imprint),
                format!(
                    "the token comes before the statement it stamps (record {})",
                    target.index
                ),
            );
        }
        let authority = t.authority();
        // The same token archived again is one use of its serial.
        if !self.tokens_seen.insert(short_hash(t.as_bytes())) {
            return;
        }
        if !self.serials.insert((authority, t.serial())) {
            self.find(
                Rule::TimeSerial,
                index,
                Some(imprint),
                format!("the authority {authority} used serial {} twice", t.serial()),
            );
        }
        if let Err(b) = self.check_authority(t) {
            self.find(b.rule, index, Some(imprint), b.message);
            return;
        }
        // A token that contradicts a claimed time is reported, and still
        // counts: the evidence decides, not the claim (SPEC.md 18.3).
        if let Err(b) = self.check_token_time(t, &target) {
            self.find(b.rule, index, Some(imprint), b.message);
        }
        self.stamps.push((index, authority, imprint, t.time()));
        self.role(authority, "time-stamp authority");
        if self.policy.authorities.is_none() {
            self.unlisted.insert(authority);
        }
        if let Some(e) = self.idx.get_mut(&imprint) {
            e.stamped(t.time());
        }
    }

    /// Whether the token's issuer may act as a third-party authority here,
    /// and its key existed at the token's time.
    fn check_authority(&self, t: &TimestampToken) -> Result<(), Broken> {
        let skew = self.policy.clock_skew;
        if let Some(why) = self.not_third_party(&t.authority()) {
            return Err(Broken {
                rule: Rule::TimeAuthority,
                message: format!(
                    "the token's issuer {} {why}; it is not a third-party time-stamp",
                    t.authority()
                ),
                about: None,
            });
        }
        if let Some(created) = self.card_info(&t.authority()).map(|c| c.1) {
            ensure(t.time().plus(skew) >= created, Rule::TimeKey, || {
                format!(
                    "the token is dated {}, before its authority's card was created ({created})",
                    t.time()
                )
            })?;
        }
        Ok(())
    }

    fn check_token_time(&self, t: &TimestampToken, target: &super::index::Entry) -> Result<(), Broken> {
        let skew = self.policy.clock_skew;
        ensure(t.time().plus(skew) >= target.time, Rule::TimeSkew, || {
            format!(
                "the token's time {} is before the stamped statement was signed ({})",
                t.time(),
                target.time
            )
        })?;
        if let Some(r) = self.receipt_times.get(&t.imprint()) {
            ensure(*r <= t.time().plus(skew), Rule::TimeSkew, || {
                format!(
                    "the receipt says it was received at {r}, after its own time-stamp ({})",
                    t.time()
                )
            })?;
        }
        Ok(())
    }

    /// Handles a receipt (SPEC.md 18.3).
    pub(crate) fn receipt(&mut self, r: &Statement) -> Result<(), Broken> {
        let Message::Receipt(body) = r.message() else {
            return Ok(());
        };
        let skew = self.policy.clock_skew;
        let target_id = r.answers()[0];
        let Some(target) = self.idx.get(&target_id).copied() else {
            return Ok(());
        };
        let (sender, recipient) = (self.idx.party(target.sender), self.idx.party(target.recipient));
        ensure(
            r.sender() == recipient && r.recipient() == sender,
            Rule::RoleReceipt,
            || "the receipt does not come from the statement's addressee to its sender".into(),
        )?;
        ensure(body.received.plus(skew) >= target.time, Rule::TimeSkew, || {
            format!(
                "the receipt says it was received at {}, before it was signed ({})",
                body.received, target.time
            )
        })?;
        ensure(body.received <= r.time().plus(skew), Rule::TimeSkew, || {
            format!(
                "the receipt says it was received at {}, after the receipt itself was signed ({})",
                body.received,
                r.time()
            )
        })?;
        self.receipt_times.insert(r.id(), body.received);
        if let Some(e) = self.idx.get_mut(&target_id) {
            e.received(body.received);
        }
        Ok(())
    }
}
