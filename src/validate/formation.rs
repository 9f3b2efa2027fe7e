//! Formation (SPEC.md 18.4): offers and the replies to them, and when each
//! takes effect on the evidence read so far.
//!
//! Handling a formation statement checks its roles and target at once and
//! records it in the current [`Round`]. When it takes effect is decided by
//! [`Round::evaluate`], a pure function of the round, the evidence in the
//! index and the policy, run before every statement that depends on the
//! outcome and at the end; its findings are committed once, when the round
//! ends or the contract is concluded.

use std::collections::HashMap;

use super::rules::{Broken, Rule, broken, ensure};
use super::{Ctx, Validator, a, quote};
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::message::{Acceptance, Kind, Message, Offer, Terms};
use crate::statement::Statement;

/// An offer (or counter-offer, or an acceptance turned counter-offer) as
/// the validator keeps it.
#[derive(Clone, Debug)]
pub(crate) struct OfferInfo {
    pub id: StatementId,
    pub offeror: PartyId,
    pub offeree: PartyId,
    pub terms: Terms,
    /// The lapse time: the fixed time, or the signing time plus the
    /// reasonable time where that applies.
    pub lapse: Option<UnixTime>,
    /// Whether the offer fixes a time for acceptance.
    pub fixed: bool,
    pub irrevocable: bool,
}

/// A reply or other formation statement recorded in a round.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reply {
    pub id: StatementId,
    pub index: usize,
    pub time: UnixTime,
    pub kind: Kind,
    /// For an acceptance: whether it has non-material additions.
    pub additions: bool,
}

/// One offer and what was said about it.
#[derive(Clone, Debug)]
pub(crate) struct Round {
    pub offer: OfferInfo,
    /// The offeree's reply: an acceptance or a rejection.
    pub reply: Option<Reply>,
    /// The offeree's withdrawal of its acceptance (CISG 22).
    pub reply_withdrawal: Option<Reply>,
    /// The offeror's withdrawal of the offer (CISG 15(2)).
    pub withdrawal: Option<Reply>,
    pub revocation: Option<Reply>,
    pub objection: Option<Reply>,
    pub confirmation: Option<Reply>,
}

/// How an offer ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ended {
    Rejected,
    Revoked,
    Withdrawn,
    Lapsed,
}

impl Ended {
    /// How the report words it.
    pub fn name(self) -> &'static str {
        match self {
            Ended::Rejected => "rejected",
            Ended::Revoked => "revoked",
            Ended::Withdrawn => "withdrawn",
            Ended::Lapsed => "lapsed",
        }
    }
}

/// What a round comes to on the evidence so far.
#[derive(Clone, Debug, Default)]
pub(crate) enum Outcome {
    /// Still open (replies may be waiting for evidence that they arrived).
    #[default]
    Open,
    /// Concluded when the acceptance `by` reached the offeror at `at`.
    Concluded {
        at: UnixTime,
        by: StatementId,
    },
    Ended(Ended),
    /// The offeror objected to an acceptance's additions (CISG 19(2)): the
    /// acceptance is a counter-offer.
    Countered(Reply),
    /// The acceptance arrived late; the offeror may still confirm it
    /// without delay (CISG 21(1)), so nothing is final yet.
    AwaitingConfirmation,
}

/// A round's outcome and the findings and notices it implies.
#[derive(Debug, Default)]
pub(crate) struct Eval {
    pub outcome: Outcome,
    pub findings: Vec<(Rule, usize, StatementId, String)>,
    pub notices: Vec<String>,
}

impl Eval {
    fn find(&mut self, rule: Rule, r: &Reply, message: String) {
        self.findings.push((rule, r.index, r.id, message));
    }
}

/// The negotiation: the current round and how earlier offers ended.
#[derive(Clone, Debug, Default)]
pub(crate) struct Negotiation {
    pub current: Option<Round>,
    pub ended: HashMap<StatementId, Ended>,
    /// How the last ended offer ended, for the report.
    pub last: Option<(OfferInfo, Ended)>,
}

impl Round {
    fn new(offer: OfferInfo) -> Round {
        Round {
            offer,
            reply: None,
            reply_withdrawal: None,
            withdrawal: None,
            revocation: None,
            objection: None,
            confirmation: None,
        }
    }

    fn acceptance(&self) -> Option<&Reply> {
        self.reply.as_ref().filter(|r| r.kind == Kind::Acceptance)
    }

    /// What the round comes to on the evidence in `ctx`, at time `now` if
    /// given (SPEC.md 18.4.3).
    pub fn evaluate(&self, ctx: &Ctx, now: Option<UnixTime>) -> Eval {
        let mut ev = Eval::default();
        let o = &self.offer;
        let skew = ctx.policy.clock_skew;
        // The offer reached the offeree by its receipt, or at the latest
        // when the offeree replied to it (the reply shows it had it).
        let replied = self.reply.map(|r| ctx.dispatched(&r.id));
        let offer_reached = match (ctx.reached(&o.id), replied) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // 1. Withdrawal of the offer (15(2)); a late one acts as a revocation.
        let mut revocation: Option<(Reply, UnixTime)> = None;
        if let Some(w) = self.withdrawal {
            match ctx.reached(&w.id) {
                Some(rw) if offer_reached.is_none_or(|ro| rw <= ro) => {
                    if let Some(r) = self.acceptance() {
                        ev.find(
                            Rule::FormWithdrawn,
                            r,
                            "the acceptance answers an offer withdrawn before it reached the offeree".into(),
                        );
                    }
                    ev.outcome = Outcome::Ended(Ended::Withdrawn);
                    return ev;
                }
                Some(rw) => revocation = Some((w, rw)),
                None => ev.notices.push(format!(
                    "the withdrawal at record {} has no evidence that it reached the offeree",
                    w.index
                )),
            }
        }
        if let Some(r) = self.revocation {
            match ctx.reached(&r.id) {
                Some(rr) if revocation.is_none_or(|(_, t)| rr < t) => revocation = Some((r, rr)),
                Some(_) => {}
                None => ev.notices.push(format!(
                    "the revocation at record {} has no evidence that it reached the offeree",
                    r.index
                )),
            }
        }
        // 2. The offeree's reply, unless withdrawn in time (22) or premature (15(1)).
        let mut reply = self.reply;
        if let (Some(acc), Some(wa)) = (self.acceptance().copied(), self.reply_withdrawal) {
            match ctx.reached(&wa.id) {
                Some(rwa) if ctx.reached(&acc.id).is_none_or(|ra| rwa <= ra) => reply = None,
                Some(_) => ev.find(
                    Rule::FormWithdrawal,
                    &wa,
                    "the withdrawal reached the offeror after the acceptance took effect; the acceptance stands".into(),
                ),
                None => ev.notices.push(format!(
                    "the withdrawal of the acceptance at record {} has no evidence that it reached the offeror",
                    wa.index
                )),
            }
        }
        if let (Some(acc), Some(ro)) = (reply.filter(|r| r.kind == Kind::Acceptance), ctx.receipt(&o.id))
            && acc.time.plus(skew) < ro
        {
            ev.find(
                Rule::FormPremature,
                &acc,
                format!(
                    "the acceptance is signed at {}, before the offer reached the offeree ({ro})",
                    acc.time
                ),
            );
            reply = None;
        }
        // 3. The revocation (16): only of a revocable offer, and only if no
        // acceptance was dispatched before it reached the offeree.
        if let Some((rv, rr)) = revocation {
            let late_withdrawal = rv.kind == Kind::Withdrawal;
            let rule = if late_withdrawal {
                Rule::FormWithdrawal
            } else {
                Rule::FormRevocation
            };
            let revocable = !(o.irrevocable || (ctx.policy.fixed_time_irrevocable && o.fixed));
            let accepted_before = reply.is_some_and(|r| r.kind == Kind::Acceptance && ctx.dispatched(&r.id) <= rr);
            let rejected_before =
                reply.is_some_and(|r| r.kind != Kind::Acceptance && ctx.reached(&r.id).is_some_and(|rj| rj <= rr));
            if !revocable {
                let why = if o.irrevocable {
                    "states that it is irrevocable"
                } else {
                    "fixes a time for acceptance"
                };
                ev.find(
                    rule,
                    &rv,
                    format!("the offer {why}, so it cannot be revoked (CISG 16(2)(a))"),
                );
            } else if accepted_before {
                ev.find(
                    rule,
                    &rv,
                    format!("an acceptance was dispatched before the revocation reached the offeree ({rr})"),
                );
            } else if !rejected_before {
                if let Some(acc) = reply.filter(|r| r.kind == Kind::Acceptance) {
                    ev.find(
                        Rule::FormRevoked,
                        &acc,
                        format!("the acceptance was dispatched after the revocation reached the offeree ({rr})"),
                    );
                }
                ev.outcome = Outcome::Ended(Ended::Revoked);
                return ev;
            }
        }
        ev.outcome = match reply {
            None => match (now, o.lapse) {
                (Some(n), Some(l)) if n > l => Outcome::Ended(Ended::Lapsed),
                _ => Outcome::Open,
            },
            Some(r) if r.kind != Kind::Acceptance => match ctx.reached(&r.id) {
                Some(_) => Outcome::Ended(Ended::Rejected),
                None => {
                    ev.notices.push(format!(
                        "the rejection at record {} has no evidence that it reached the offeror",
                        r.index
                    ));
                    Outcome::Open
                }
            },
            Some(acc) => self.accepted(ctx, &acc, &mut ev),
        };
        ev
    }

    /// The effect of acceptance `acc` (18, 19(2), 21).
    fn accepted(&self, ctx: &Ctx, acc: &Reply, ev: &mut Eval) -> Outcome {
        let Some(ra) = ctx.reached(&acc.id) else {
            ev.notices.push(format!(
                "the acceptance at record {} has no evidence that it reached the offeror, so the contract is not concluded",
                acc.index
            ));
            return Outcome::Open;
        };
        let p = ctx.policy;
        let in_time = self.offer.lapse.is_none_or(|l| ra <= l);
        let delayed = !in_time
            && self
                .offer
                .lapse
                .is_some_and(|l| ctx.dispatched(&acc.id).plus(p.transmission_time) <= l);
        if let Some(obj) = &self.objection {
            let additions = acc.additions && in_time;
            let window = if additions { p.undue_delay } else { p.without_delay };
            if !(additions || delayed) {
                ev.find(
                    Rule::FormObjection,
                    obj,
                    "the objection answers an acceptance with no additions that was not delayed in transmission".into(),
                );
            } else if ctx.dispatched(&obj.id) > ra.plus(window) {
                ev.find(
                    Rule::FormObjection,
                    obj,
                    format!("the objection was dispatched more than {window} s after the acceptance reached the offeror ({ra})"),
                );
            } else if in_time {
                return Outcome::Countered(*acc);
            } else {
                ev.find(
                    Rule::FormLate,
                    acc,
                    format!(
                        "the acceptance reached the offeror at {ra}, after the lapse time, and the offeror objected"
                    ),
                );
                return Outcome::Ended(Ended::Lapsed);
            }
        }
        if !in_time && !delayed {
            match &self.confirmation {
                Some(c) if ctx.dispatched(&c.id) <= ra.plus(p.without_delay) => {}
                Some(c) => {
                    ev.find(
                        Rule::FormConfirmation,
                        c,
                        format!("the confirmation was dispatched more than {} s after the late acceptance reached the offeror ({ra})", p.without_delay),
                    );
                    return Outcome::Ended(Ended::Lapsed);
                }
                None if ctx.end || ctx.now.is_some_and(|n| n > ra.plus(p.without_delay)) => {
                    ev.find(Rule::FormLate, acc, self.late_message(ra));
                    return Outcome::Ended(Ended::Lapsed);
                }
                None => return Outcome::AwaitingConfirmation,
            }
        }
        if delayed && self.objection.is_none() {
            ev.notices.push(format!(
                "the acceptance at record {} reached the offeror late but was dispatched in time; it is effective under CISG 21(2) because the offeror did not object",
                acc.index
            ));
        }
        if p.require_acceptance_timestamp && ctx.token(&acc.id).is_none() {
            ev.find(
                Rule::FormTimestamp,
                acc,
                "the acceptance has no third-party time-stamp; the contract is concluded, but its time rests on the parties' word".into(),
            );
        }
        Outcome::Concluded { at: ra, by: acc.id }
    }

    fn late_message(&self, ra: UnixTime) -> String {
        format!(
            "the acceptance reached the offeror at {ra}, after the lapse time {}, and was not confirmed without delay",
            self.offer.lapse.map_or_else(|| "-".into(), |l| l.to_string())
        )
    }
}

impl Validator {
    /// The lapse time of an offer signed at `time` (SPEC.md 18.4.1).
    fn lapse_of(&self, o: &Offer, time: UnixTime) -> Option<UnixTime> {
        let reasonable = if self.cisg(&o.terms) {
            true
        } else {
            self.policy.reasonable_time_without_cisg
        };
        o.lapse
            .or_else(|| reasonable.then(|| time.plus(self.policy.reasonable_time)))
    }

    fn offer_info(&self, s: &Statement, o: &Offer) -> OfferInfo {
        OfferInfo {
            id: s.id(),
            offeror: s.sender(),
            offeree: s.recipient(),
            terms: o.terms.clone(),
            lapse: self.lapse_of(o, s.time()),
            fixed: o.lapse.is_some(),
            irrevocable: o.irrevocable,
        }
    }

    /// Commits the current round's evaluation when it has ended, and starts
    /// the counter-offer an objection made of an acceptance. Returns the
    /// outcome.
    pub(crate) fn settle(&mut self) -> Option<Outcome> {
        self.settle_round(false)
    }

    /// As [`Validator::settle`]; a round revoked or withdrawn is ended only
    /// if `all` (a new offer replaces it), so that an acceptance dispatched
    /// before the revocation or withdrawal reached the offeree, but
    /// archived after, still joins it (CISG 16(1), 15(2)).
    fn settle_round(&mut self, all: bool) -> Option<Outcome> {
        let neg = self.negotiation()?;
        let round = neg.current.as_ref()?;
        let ev = round.evaluate(&self.ctx(), None);
        let outcome = ev.outcome.clone();
        match outcome {
            Outcome::Ended(Ended::Revoked | Ended::Withdrawn) if !all => {}
            Outcome::Ended(how) => {
                self.commit(ev);
                self.end_round(how);
            }
            Outcome::Countered(acc) => {
                self.commit(ev);
                let (old, offeror, offeree) = {
                    let r = self.negotiation()?.current.as_ref()?;
                    (r.offer.clone(), r.offer.offeree, r.offer.offeror)
                };
                self.end_round(Ended::Rejected);
                let lapse = if self.cisg(&old.terms) || self.policy.reasonable_time_without_cisg {
                    Some(acc.time.plus(self.policy.reasonable_time))
                } else {
                    None
                };
                let info = OfferInfo {
                    id: acc.id,
                    offeror,
                    offeree,
                    terms: old.terms,
                    lapse,
                    fixed: false,
                    irrevocable: false,
                };
                self.negotiation_mut()?.current = Some(Round::new(info));
            }
            Outcome::Open | Outcome::AwaitingConfirmation | Outcome::Concluded { .. } => {}
        }
        Some(outcome)
    }

    fn end_round(&mut self, how: Ended) {
        if let Some(neg) = self.negotiation_mut()
            && let Some(r) = neg.current.take()
        {
            neg.ended.insert(r.offer.id, how);
            neg.last = Some((r.offer, how));
        }
    }

    /// Records an evaluation's findings and notices.
    pub(crate) fn commit(&mut self, ev: Eval) {
        for (rule, index, id, message) in ev.findings {
            self.find(rule, index, Some(id), message);
        }
        for n in ev.notices {
            self.notice(n);
        }
    }

    /// The definiteness of terms (CISG 14(1)), and the terms rules that are
    /// reported but leave the offer standing.
    fn check_terms(&mut self, index: usize, s: &Statement, t: &Terms) -> Result<(), Broken> {
        ensure(t.seller != t.buyer, Rule::FormDefinite, || {
            "the seller and the buyer are the same party".into()
        })?;
        for g in &t.goods {
            ensure(
                !g.description.trim().is_empty() && g.quantity > 0,
                Rule::FormDefinite,
                || {
                    format!(
                        "the goods line {} has no description or no quantity",
                        quote(&g.description)
                    )
                },
            )?;
        }
        ensure(t.price.minor > 0, Rule::FormDefinite, || "the price is zero".into())?;
        for (rule, why) in super::performance::terms_problems(t) {
            self.find(rule, index, Some(s.id()), why);
        }
        Ok(())
    }

    pub(crate) fn offer(&mut self, index: usize, s: &Statement, o: &Offer) -> Result<(), Broken> {
        match self.settle_round(true) {
            None | Some(Outcome::Ended(_)) => {}
            Some(_) => {
                return broken(
                    Rule::SeqUnexpected,
                    "an offer while another is outstanding or accepted".into(),
                );
            }
        }
        let t = &o.terms;
        ensure(
            (s.sender() == t.seller && s.recipient() == t.buyer)
                || (s.sender() == t.buyer && s.recipient() == t.seller),
            Rule::RoleOffer,
            || "the offer does not go between the seller and the buyer its terms name".into(),
        )?;
        self.check_terms(index, s, t)?;
        let info = self.offer_info(s, o);
        self.note_parties(&info);
        self.negotiation_mut()
            .ok_or_else(|| Broken {
                rule: Rule::SeqUnexpected,
                message: "an offer after the contract was concluded".into(),
                about: None,
            })?
            .current = Some(Round::new(info));
        Ok(())
    }

    fn note_parties(&mut self, o: &OfferInfo) {
        self.role(o.terms.seller, "seller");
        self.role(o.terms.buyer, "buyer");
        self.role(o.offeror, "offeror");
        self.role(o.offeree, "offeree");
        if let Some(b) = o.terms.payment.buyer_bank {
            self.role(b, "buyer's bank");
        }
        if let Some(b) = o.terms.payment.seller_bank {
            self.role(b, "seller's bank");
        }
        for d in &o.terms.documents {
            self.role(d.issuer, d.document_type.service().name());
        }
    }

    /// The round a reply belongs to, after settling: the reply's target must
    /// be `want` (the offer, or the acceptance) of the current round.
    fn target(&mut self, s: &Statement, acceptance: bool) -> Result<(), Broken> {
        // A revoked or withdrawn round stays current (`settle_round`), so
        // an acceptance archived late but dispatched in time joins it.
        let outcome = self.settle();
        let Some(neg) = self.negotiation() else {
            return broken(
                Rule::SeqUnexpected,
                format!("{} after the contract was concluded and performance began", a(s.kind())),
            );
        };
        let target = s.answers()[0];
        if let Some(how) = neg.ended.get(&target) {
            let rule = match (s.kind(), how) {
                (Kind::Acceptance, Ended::Rejected) => Rule::FormRejected,
                (Kind::Acceptance, Ended::Revoked) => Rule::FormRevoked,
                (Kind::Acceptance, Ended::Withdrawn) => Rule::FormWithdrawn,
                (Kind::Acceptance, Ended::Lapsed) => Rule::FormLate,
                _ => Rule::SeqUnexpected,
            };
            return broken(rule, format!("{} of an offer that was {}", a(s.kind()), how.name()));
        }
        let Some(round) = &neg.current else {
            return broken(
                Rule::SeqUnexpected,
                format!("{} with no offer outstanding", a(s.kind())),
            );
        };
        if matches!(outcome, Some(Outcome::Concluded { .. })) && s.kind() == Kind::Revocation {
            return broken(Rule::FormRevocation, "the offer was already accepted".into());
        }
        if matches!(outcome, Some(Outcome::Concluded { .. })) && !acceptance && s.kind() != Kind::Withdrawal {
            return broken(
                Rule::SeqUnexpected,
                format!("{} of an offer already accepted", a(s.kind())),
            );
        }
        let want = if acceptance {
            round.acceptance().map(|r| r.id)
        } else {
            Some(round.offer.id)
        };
        ensure(want == Some(target), Rule::ChainTarget, || {
            format!(
                "{} must answer the {} outstanding",
                a(s.kind()),
                if acceptance { "acceptance" } else { "offer" }
            )
        })
    }

    fn round(&mut self) -> &mut Round {
        // Invariant: called only after `target` succeeded.
        self.negotiation_mut()
            .and_then(|n| n.current.as_mut())
            .expect("a current round")
    }

    fn reply(index: usize, s: &Statement, additions: bool) -> Reply {
        Reply {
            id: s.id(),
            index,
            time: s.time(),
            kind: s.kind(),
            additions,
        }
    }

    pub(crate) fn acceptance(&mut self, index: usize, s: &Statement, acc: &Acceptance) -> Result<(), Broken> {
        self.target(s, false)?;
        let (offeror, offeree, terms, offer_id) = {
            let r = self.round();
            (r.offer.offeror, r.offer.offeree, r.offer.terms.clone(), r.offer.id)
        };
        ensure(
            s.sender() == offeree && s.recipient() == offeror,
            Rule::RoleAcceptance,
            || "the acceptance does not go from the offeree to the offeror".into(),
        )?;
        ensure(self.round().reply.is_none(), Rule::SeqUnexpected, || {
            "the offeree already replied to this offer".into()
        })?;
        if let Some(ro) = self.ctx().receipt(&offer_id) {
            ensure(s.time().plus(self.policy.clock_skew) >= ro, Rule::FormPremature, || {
                format!(
                    "the acceptance is signed at {}, before the offer reached the offeree ({ro})",
                    s.time()
                )
            })?;
        }
        if let Some(changes) = &acc.changes {
            self.find(
                Rule::FormCounter,
                index,
                Some(s.id()),
                format!(
                    "the acceptance changes {}: it is a rejection and a counter-offer",
                    changes.changed().join(", ")
                ),
            );
            self.end_round(Ended::Rejected);
            let counter = Offer {
                terms: changes.apply(&terms),
                lapse: None,
                irrevocable: false,
            };
            self.check_terms(index, s, &counter.terms)?;
            let info = self.offer_info(s, &counter);
            self.note_parties(&info);
            self.round_slot().replace(Round::new(info));
            return Ok(());
        }
        self.round().reply = Some(Self::reply(index, s, !acc.additions.is_empty()));
        Ok(())
    }

    fn round_slot(&mut self) -> &mut Option<Round> {
        &mut self.negotiation_mut().expect("negotiating").current
    }

    pub(crate) fn counter_offer(&mut self, index: usize, s: &Statement, o: &Offer) -> Result<(), Broken> {
        self.target(s, false)?;
        let r = self.round();
        let (offeror, offeree, seller, buyer) = (
            r.offer.offeror,
            r.offer.offeree,
            r.offer.terms.seller,
            r.offer.terms.buyer,
        );
        let has_reply = r.reply.is_some();
        ensure(
            s.sender() == offeree && s.recipient() == offeror && o.terms.seller == seller && o.terms.buyer == buyer,
            Rule::RoleCounterOffer,
            || "the counter-offer does not go from the offeree to the offeror with the same seller and buyer".into(),
        )?;
        ensure(!has_reply, Rule::SeqUnexpected, || {
            "the offeree already replied to this offer".into()
        })?;
        self.check_terms(index, s, &o.terms)?;
        self.end_round(Ended::Rejected);
        let info = self.offer_info(s, o);
        self.note_parties(&info);
        self.round_slot().replace(Round::new(info));
        Ok(())
    }

    pub(crate) fn rejection(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        self.target(s, false)?;
        let r = self.round();
        ensure(
            s.sender() == r.offer.offeree && s.recipient() == r.offer.offeror,
            Rule::RoleRejection,
            || "the rejection does not go from the offeree to the offeror".into(),
        )?;
        ensure(r.reply.is_none(), Rule::SeqUnexpected, || {
            "the offeree already replied to this offer".into()
        })?;
        r.reply = Some(Self::reply(index, s, false));
        Ok(())
    }

    pub(crate) fn revocation(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        self.target(s, false)?;
        let r = self.round();
        ensure(
            s.sender() == r.offer.offeror && s.recipient() == r.offer.offeree,
            Rule::RoleRevocation,
            || "the revocation does not go from the offeror to the offeree".into(),
        )?;
        r.revocation = Some(Self::reply(index, s, false));
        Ok(())
    }

    pub(crate) fn withdrawal(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        let of_acceptance = self
            .index()
            .get(&s.answers()[0])
            .is_some_and(|e| e.kind == Kind::Acceptance);
        self.target(s, of_acceptance)?;
        let r = self.round();
        let (from, to) = if of_acceptance {
            (r.offer.offeree, r.offer.offeror)
        } else {
            (r.offer.offeror, r.offer.offeree)
        };
        ensure(s.sender() == from && s.recipient() == to, Rule::RoleWithdrawal, || {
            format!(
                "the withdrawal does not go from the {} to the {}",
                if of_acceptance { "offeree" } else { "offeror" },
                if of_acceptance { "offeror" } else { "offeree" }
            )
        })?;
        let reply = Self::reply(index, s, false);
        if of_acceptance {
            r.reply_withdrawal = Some(reply);
        } else {
            r.withdrawal = Some(reply);
        }
        Ok(())
    }

    pub(crate) fn objection(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        self.target(s, true)?;
        let r = self.round();
        ensure(
            s.sender() == r.offer.offeror && s.recipient() == r.offer.offeree,
            Rule::RoleObjection,
            || "the objection does not go from the offeror to the offeree".into(),
        )?;
        r.objection = Some(Self::reply(index, s, false));
        Ok(())
    }

    pub(crate) fn confirmation(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        self.target(s, true)?;
        let r = self.round();
        ensure(
            s.sender() == r.offer.offeror && s.recipient() == r.offer.offeree,
            Rule::RoleConfirmation,
            || "the confirmation does not go from the offeror to the offeree".into(),
        )?;
        r.confirmation = Some(Self::reply(index, s, false));
        Ok(())
    }

    /// Handles a formation statement (SPEC.md 18.5).
    pub(crate) fn formation(&mut self, index: usize, s: &Statement) -> Result<(), Broken> {
        match s.message() {
            Message::Offer(o) => self.offer(index, s, o),
            Message::Acceptance(acc) => self.acceptance(index, s, acc),
            Message::CounterOffer(o) => self.counter_offer(index, s, o),
            Message::Rejection(_) => self.rejection(index, s),
            Message::Revocation(_) => self.revocation(index, s),
            Message::Withdrawal(_) => self.withdrawal(index, s),
            Message::Objection(_) => self.objection(index, s),
            Message::Confirmation(_) => self.confirmation(index, s),
            _ => Ok(()),
        }?;
        self.settle();
        Ok(())
    }
}
