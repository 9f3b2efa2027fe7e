//! Key succession (SPEC.md 18.5, "Key retirement"): which keys are retired,
//! which successor acts for which party, and the checks of `KEY-RETIRED`
//! and `KEY-SUCCESSOR`.

use std::collections::HashMap;

use super::Validator;
use super::rules::{Broken, Rule, broken, ensure};
use crate::ids::{PartyId, StatementId, UnixTime};
use crate::message::KeyRetirement;
use crate::statement::Statement;

/// Longest chain of successors followed (a key retired, its successor
/// retired, ...). Successors are fresh keys, so chains cannot loop; the
/// bound keeps the walk finite whatever the input.
const MAX_CHAIN: usize = 64;

/// The successions a transcript has shown so far.
#[derive(Clone, Debug, Default)]
pub(crate) struct Successions {
    /// Retired key: when, its successor, and the retirement.
    retired: HashMap<PartyId, (UnixTime, PartyId, StatementId)>,
    /// Successor: the key it succeeds, and since when.
    predecessor: HashMap<PartyId, (PartyId, UnixTime)>,
    /// The latest signing time of each key, and the statement.
    last_signed: HashMap<PartyId, (UnixTime, StatementId)>,
}

impl Successions {
    /// Whether any key has been retired (the common case: none).
    pub fn any(&self) -> bool {
        !self.predecessor.is_empty()
    }

    /// The party `id` acts for: the first key of its chain of successions.
    pub fn root(&self, id: PartyId) -> PartyId {
        let mut id = id;
        for _ in 0..MAX_CHAIN {
            match self.predecessor.get(&id) {
                Some((p, _)) => id = *p,
                None => break,
            }
        }
        id
    }

    /// The successor acting for `id` now (its last key).
    pub fn current(&self, id: PartyId) -> PartyId {
        let mut id = id;
        for _ in 0..MAX_CHAIN {
            match self.retired.get(&id) {
                Some((_, s, _)) => id = *s,
                None => break,
            }
        }
        id
    }
}

impl Validator {
    /// The party a key acts for (itself, unless it succeeds another key).
    pub(crate) fn acting_for(&self, id: PartyId) -> PartyId {
        self.succession.root(id)
    }

    /// Whether key `id` is one the contract knows: no statement has been
    /// taken in yet (anyone may open with an offer), or the key signed,
    /// received or was copied on a statement, holds a role, or succeeds a
    /// retired key.
    pub(crate) fn knows_key(&self, id: PartyId) -> bool {
        self.statements == 0
            || self.idx.is_actor(&id)
            || self.roles.contains_key(&id)
            || self.succession.predecessor.contains_key(&id)
    }

    /// The key that now acts for the party of key `id` (its last
    /// successor, or `id` itself).
    pub(crate) fn current_key(&self, id: PartyId) -> PartyId {
        self.succession.current(self.succession.root(id))
    }

    /// `s` as the rules read it: with every party id replaced by the party
    /// it acts for; `None` when no key has been retired (nothing changes).
    pub(crate) fn as_acting(&self, s: &Statement) -> Option<Statement> {
        self.succession
            .any()
            .then(|| s.with_party_ids(&|id| self.succession.root(id)))
    }

    /// `KEY-RETIRED` and the successor's half of `KEY-SUCCESSOR` for a
    /// statement signed by `signer` at `time`, depending on statements
    /// signed up to `floor`; then records the signing.
    pub(crate) fn key_holder(
        &mut self,
        signer: PartyId,
        id: StatementId,
        time: UnixTime,
        floor: UnixTime,
    ) -> Result<(), Broken> {
        let skew = self.policy.clock_skew;
        let last = self.succession.last_signed.entry(signer).or_insert((time, id));
        if time > last.0 {
            *last = (time, id);
        }
        if let Some((at, successor, _)) = self.succession.retired.get(&signer) {
            ensure(time <= *at && floor <= at.plus(skew), Rule::KeyRetired, || {
                let later = if time > *at { time } else { floor };
                format!(
                    "signed with a key retired at {at} (its successor is {successor}), yet dated or depending on {later}"
                )
            })?;
        }
        if let Some((from, at)) = self.succession.predecessor.get(&signer) {
            ensure(time.plus(skew) >= *at, Rule::KeySuccessor, || {
                format!("signed at {time} by the successor of {from}, before the retirement that names it ({at})")
            })?;
        }
        Ok(())
    }

    /// A key retirement signed by `signer`: the checks of `KEY-SUCCESSOR`
    /// and `KEY-RETIRED` for what that key signed before, then the
    /// succession takes effect.
    pub(crate) fn retirement(&mut self, signer: PartyId, s: &Statement, r: &KeyRetirement) -> Result<(), Broken> {
        let at = s.time();
        let succ = r.successor;
        if let Some((when, named, _)) = self.succession.retired.get(&signer) {
            // The same retirement sent to another party is no second one.
            return ensure(*named == succ && *when == at, Rule::KeySuccessor, || {
                format!("the key was already retired at {when}, naming {named}")
            });
        }
        ensure(succ != signer, Rule::KeySuccessor, || {
            "the key names itself as its successor".into()
        })?;
        let Some((_, created)) = self.card_info(&succ) else {
            return broken(
                Rule::KeySuccessor,
                format!("the transcript holds no card for the successor {succ}"),
            );
        };
        // A card made after the retirement that names it: the retirement is
        // back-dated.
        ensure(created <= at.plus(self.policy.clock_skew), Rule::KeySuccessor, || {
            format!("the successor's card was created at {created}, after the retirement ({at})")
        })?;
        let taken = self.idx.is_actor(&succ)
            || self.roles.contains_key(&succ)
            || self.succession.predecessor.contains_key(&succ)
            || self.succession.retired.contains_key(&succ);
        ensure(!taken, Rule::KeySuccessor, || {
            format!("the successor {succ} is already a party in the contract")
        })?;
        self.succession.retired.insert(signer, (at, succ, s.id()));
        self.succession.predecessor.insert(succ, (signer, at));
        let name = |v: &Validator, p: PartyId| v.card_info(&p).map_or_else(|| p.to_string(), |(n, _)| n.to_owned());
        let m = format!(
            "{} retired its key {} at {at}; its successor {} acts for it from then on",
            name(self, signer),
            signer,
            succ
        );
        self.notice(m);
        // The succession stands; what the key signed later is a finding.
        match self.succession.last_signed.get(&signer).copied() {
            Some((t, later)) if t > at => broken(
                Rule::KeyRetired,
                format!("the key signed {later} at {t}, after retiring at {at}"),
            ),
            _ => Ok(()),
        }
    }
}
