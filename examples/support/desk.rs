//! The parties of the example contract, each with its own `Session`, and
//! the wire between them: what `post` does is what an embedder's transport
//! does (stamp a statement at the authority, hand its parcel to the
//! recipient), with one printed line per message.

use std::collections::BTreeMap;
use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use econtract::*;
use getrandom::SysRng;
use rand_core::UnwrapErr;

pub type Res<T> = Result<T, Box<dyn Error>>;

/// The parties of the story.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Seller,
    Buyer,
    Carrier,
    Insurer,
    BuyerBank,
    SellerBank,
}

/// 2026-03-02T08:00:00Z plus `hours`.
pub fn at(hours: u64) -> UnixTime {
    UnixTime::from_secs(1_772_438_400 + hours * 3600).expect("in range")
}

pub struct Desk {
    sessions: BTreeMap<Role, Session<Vec<u8>>>,
    cards: BTreeMap<Role, PartyCard>,
    tsa: LocalAuthority<Box<dyn Fn() -> UnixTime>>,
    tsa_time: std::rc::Rc<std::cell::Cell<u64>>,
    rng: UnwrapErr<SysRng>,
    all_cards: CardSet,
}

impl Desk {
    /// New parties with fresh keys, one session each; their cards written
    /// to `dir/cards/`.
    pub fn new(dir: &Path, contract: &str) -> Res<Desk> {
        fs::create_dir_all(dir.join("cards"))?;
        let mut rng = UnwrapErr(SysRng);
        let names = [
            (Role::Seller, "Santos Coffee Exports Ltda"),
            (Role::Buyer, "Rotterdam Roasters BV"),
            (Role::Carrier, "Atlantic Ocean Lines SA"),
            (Role::Insurer, "Lloyd's Syndicate 9999"),
            (Role::BuyerBank, "Handelsbank Rotterdam NV"),
            (Role::SellerBank, "Banco do Comercio SA"),
        ];
        let mut secrets = Vec::new();
        for (role, name) in names {
            secrets.push((role, PartySecret::generate(name, at(0), &mut rng)?));
        }
        let tsa_time = std::rc::Rc::new(std::cell::Cell::new(0u64));
        let tick = tsa_time.clone();
        let clock: Box<dyn Fn() -> UnixTime> =
            Box::new(move || UnixTime::from_secs(tick.get()).unwrap_or(UnixTime::MAX));
        let tsa_key = PartySecret::generate("Qualified Time-Stamp Service", at(0), &mut rng)?;
        let tsa = LocalAuthority::new(tsa_key, clock, 1).with_accuracy(1);
        let mut all_cards: CardSet = secrets.iter().map(|(_, p)| p.card().clone()).collect();
        all_cards.insert(tsa.card().clone());
        for card in all_cards.iter() {
            fs::write(
                dir.join("cards").join(format!("{}.card", &card.id().to_hex()[..16])),
                card.as_bytes(),
            )?;
        }
        let contract = ContractId::new(contract)?;
        let mut sessions = BTreeMap::new();
        let mut cards = BTreeMap::new();
        for (role, secret) in secrets {
            cards.insert(role, secret.card().clone());
            // Providers and banks keep partial views of the contract.
            let policy = match role {
                Role::Seller | Role::Buyer => Policy::default(),
                _ => Policy {
                    viewer: Some(secret.id()),
                    ..Policy::default()
                },
            };
            sessions.insert(
                role,
                Session::new(secret, contract.clone(), policy, &all_cards, Vec::new())?,
            );
        }
        Ok(Desk {
            sessions,
            cards,
            tsa,
            tsa_time,
            rng,
            all_cards,
        })
    }

    /// A party's card.
    pub fn card(&self, r: Role) -> PartyCard {
        self.cards[&r].clone()
    }

    /// A party's id.
    pub fn id(&self, r: Role) -> PartyId {
        self.cards[&r].id()
    }

    /// `who` acts: `f` builds one of its messages through its session.
    pub fn act(
        &mut self,
        who: Role,
        f: impl FnOnce(&mut Session<Vec<u8>>, &mut UnwrapErr<SysRng>) -> Result<Outgoing, SessionError>,
    ) -> Res<Outgoing> {
        let s = self.sessions.get_mut(&who).expect("a party");
        Ok(f(s, &mut self.rng).map_err(|e| format!("{who:?}'s session refused: {e}"))?)
    }

    /// The message travels: time-stamped (all but receipts), then its
    /// parcel, with the token, handed to its recipient.
    pub fn post(&mut self, from: Role, out: &Outgoing) -> Res<()> {
        let to = *self.cards.iter().find(|(_, c)| c.id() == out.to).expect("a party").0;
        let when = self.sessions[&from].statement(&out.id).expect("archived").time();
        if out.kind != Kind::Receipt {
            self.tsa_time.set(when.as_secs() + 2);
            let request = self.sessions[&from].timestamp_request(out.id, None)?;
            let token = self.tsa.issue(&request)?;
            self.sessions.get_mut(&from).expect("a party").add_token(&token)?;
        }
        self.show(from, out.id, to)
    }

    /// `from` presents a statement it holds to `to` (its bank, a buyer), unchanged.
    pub fn show(&mut self, from: Role, id: StatementId, to: Role) -> Res<()> {
        let card = self.card(to);
        let parcel = self.sessions[&from].present(id, &card, &mut self.rng)?;
        let kind = self.sessions[&from].statement(&id).expect("held").kind();
        let (a, b) = (self.cards[&from].name().to_owned(), card.name().to_owned());
        let when = self.sessions[&from].statement(&id).expect("held").time();
        println!("  {a} -> {b}: {kind} ({} bytes), {when}", parcel.len());
        self.sessions.get_mut(&to).expect("a party").receive(&parcel)?;
        Ok(())
    }

    /// Where the contract stands for `who`, as of `now`.
    pub fn status(&self, who: Role, now: UnixTime) -> Status {
        self.sessions[&who].status_at(now)
    }

    /// Writes each involved party's archive to `dir/archives/ROLE.ect` (and
    /// the seller's also to `dir/contract.ect`), audits each as its party's
    /// own (a provider's or bank's as a partial view), prints one line per
    /// archive, and returns the seller's path.
    pub fn archive(self, dir: &Path) -> Res<PathBuf> {
        fs::create_dir_all(dir.join("archives"))?;
        let contract = dir.join("contract.ect");
        println!("Each party's own archive, audited:");
        for (role, s) in self.sessions {
            if s.records() <= self.all_cards.len() {
                continue; // not involved in this flow
            }
            let viewer = !matches!(role, Role::Seller | Role::Buyer);
            let bytes = s.into_inner()?;
            let name = format!("{role:?}").to_lowercase();
            let path = dir.join("archives").join(format!("{name}.ect"));
            fs::write(&path, &bytes)?;
            let policy = Policy {
                viewer: viewer.then(|| self.cards[&role].id()),
                ..Policy::default()
            };
            let report = audit(bytes.as_slice(), Some(&self.all_cards), policy, |_| {})?;
            println!(
                "  {:<28} {:>3} statements  {:<24} {} findings",
                self.cards[&role].name(),
                report.statements,
                format!("{:?}", report.status),
                report.findings.len()
            );
            if !report.findings.is_empty() {
                return Err(format!("{}: {:?}", path.display(), report.findings).into());
            }
            if role == Role::Seller {
                fs::write(&contract, &bytes)?;
            }
        }
        Ok(contract)
    }
}
