//! No secret is left in freed heap memory by the PKCS#8 import and export
//! of `econtract::pkcs8`.
//!
//! This binary's global allocator wraps `System` and, while armed, scans
//! every block being freed (by `dealloc`, or the old block of a `realloc`)
//! for registered secret patterns: windows of the 32 secret bytes, the
//! PKCS#8 DER, and the base64 text of the DER that the PEM holds. A block
//! that still holds one when it is freed is a hit. The test arms it around
//! each operation and checks that there is no hit; and it checks that the
//! scanner does see secrets that a careless path leaves behind (the
//! allocating `PrivateKeyInfoOwned::from_pkcs8_pem`, a plain `Vec` or
//! `String` copy), so that a pass means something.
//!
//! The allocator is global, so everything runs in one `#[test]`, one case
//! after the other.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use econtract::pkcs8::{KeyAlgorithm, decode_private_key, encode_private_key_der, encode_private_key_pem};
use econtract::{PartySecret, UnixTime};
use zeroize::Zeroizing;

const MAX_PATTERNS: usize = 32;
const MAX_PATTERN_LEN: usize = 64;

/// The registered patterns, behind a spin lock (the allocator cannot
/// allocate or block on a `Mutex`).
struct Patterns {
    lock: AtomicBool,
    inner: UnsafeCell<PatternSet>,
}

struct PatternSet {
    count: usize,
    len: [usize; MAX_PATTERNS],
    bytes: [[u8; MAX_PATTERN_LEN]; MAX_PATTERNS],
    name: [&'static str; MAX_PATTERNS],
}

// SAFETY: `inner` is only touched with `lock` held.
unsafe impl Sync for Patterns {}

impl Patterns {
    fn with<R>(&self, f: impl FnOnce(&mut PatternSet) -> R) -> R {
        while self
            .lock
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            std::hint::spin_loop();
        }
        // SAFETY: the lock is held, so no one else has a reference.
        let r = f(unsafe { &mut *self.inner.get() });
        self.lock.store(false, Ordering::Release);
        r
    }
}

static PATTERNS: Patterns = Patterns {
    lock: AtomicBool::new(false),
    inner: UnsafeCell::new(PatternSet {
        count: 0,
        len: [0; MAX_PATTERNS],
        bytes: [[0; MAX_PATTERN_LEN]; MAX_PATTERNS],
        name: [""; MAX_PATTERNS],
    }),
};

/// Whether freed blocks are scanned.
static ARMED: AtomicBool = AtomicBool::new(false);
/// Freed blocks scanned since the last reset.
static SCANNED: AtomicUsize = AtomicUsize::new(0);
/// Freed blocks that held a pattern, since the last reset.
static HITS: AtomicUsize = AtomicUsize::new(0);
/// The pattern and block size of the last hit.
static LAST_PATTERN: AtomicUsize = AtomicUsize::new(usize::MAX);
static LAST_SIZE: AtomicUsize = AtomicUsize::new(0);

/// Scans `size` bytes at `ptr` (a block about to be freed) for the patterns.
///
/// # Safety
/// `ptr` must be valid for reads of `size` bytes.
unsafe fn scan(ptr: *const u8, size: usize) {
    SCANNED.fetch_add(1, Ordering::Relaxed);
    // Volatile reads: the block may hold bytes never written (spare
    // capacity), which the compiler must not reason about.
    let byte = |i: usize| unsafe { std::ptr::read_volatile(ptr.add(i)) };
    let hit = PATTERNS.with(|p| {
        for k in 0..p.count {
            let pat = &p.bytes[k][..p.len[k]];
            if pat.len() > size {
                continue;
            }
            for start in 0..=size - pat.len() {
                if byte(start) == pat[0] && (1..pat.len()).all(|j| byte(start + j) == pat[j]) {
                    return Some(k);
                }
            }
        }
        None
    });
    if let Some(k) = hit {
        HITS.fetch_add(1, Ordering::Relaxed);
        LAST_PATTERN.store(k, Ordering::Relaxed);
        LAST_SIZE.store(size, Ordering::Relaxed);
    }
}

/// `System`, scanning each block it frees while armed.
struct Scanning;

// SAFETY: every call is passed on to `System` with the same arguments; the
// scan only reads blocks that are still allocated.
unsafe impl GlobalAlloc for Scanning {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::Relaxed) {
            unsafe { scan(ptr, layout.size()) };
        }
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !ARMED.load(Ordering::Relaxed) {
            return unsafe { System.realloc(ptr, layout, new_size) };
        }
        // Always move, so that the old block is freed (and scanned): a
        // reallocation in place in this run may be a move in another.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let new = unsafe { System.alloc(new_layout) };
        if !new.is_null() {
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                scan(ptr, layout.size());
                System.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Scanning = Scanning;

/// Registers a pattern (only while disarmed; no allocation).
fn register(name: &'static str, pattern: &[u8]) {
    assert!(!ARMED.load(Ordering::Relaxed));
    assert!(pattern.len() >= 12 && pattern.len() <= MAX_PATTERN_LEN);
    PATTERNS.with(|p| {
        assert!(p.count < MAX_PATTERNS);
        p.len[p.count] = pattern.len();
        p.bytes[p.count][..pattern.len()].copy_from_slice(pattern);
        p.name[p.count] = name;
        p.count += 1;
    });
}

/// Runs `f` armed: the number of freed blocks scanned, the number that held
/// a pattern, and the name of the last pattern found.
fn armed(f: impl FnOnce()) -> (usize, usize, &'static str) {
    SCANNED.store(0, Ordering::Relaxed);
    HITS.store(0, Ordering::Relaxed);
    LAST_PATTERN.store(usize::MAX, Ordering::Relaxed);
    ARMED.store(true, Ordering::SeqCst);
    f();
    ARMED.store(false, Ordering::SeqCst);
    let last = LAST_PATTERN.load(Ordering::Relaxed);
    let name = if last == usize::MAX {
        ""
    } else {
        PATTERNS.with(|p| p.name[last])
    };
    (SCANNED.load(Ordering::Relaxed), HITS.load(Ordering::Relaxed), name)
}

/// The Ed25519 key of RFC 8410 section 10.3 and Alice's X25519 key of RFC
/// 7748 section 6.1 (high-entropy, so a window cannot match by chance).
const ED: [u8; 32] = [
    0xd4, 0xee, 0x72, 0xdb, 0xf9, 0x13, 0x58, 0x4a, 0xd5, 0xb6, 0xd8, 0xf1, 0xf7, 0x69, 0xf8, 0xad, 0x3a, 0xfe, 0x7c,
    0x28, 0xcb, 0xf1, 0xd4, 0xfb, 0xe0, 0x97, 0xa8, 0x8f, 0x44, 0x75, 0x58, 0x42,
];
const X: [u8; 32] = [
    0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d, 0x3c, 0x16, 0xc1, 0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f,
    0x87, 0xeb, 0xc0, 0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a,
];
/// The public key of `ED` (RFC 8410 section 10.1).
const ED_PUB: [u8; 32] = [
    0x19, 0xbf, 0x44, 0x09, 0x69, 0x84, 0xcd, 0xfe, 0x85, 0x41, 0xba, 0xc1, 0x67, 0xdc, 0x3b, 0x96, 0xc8, 0x50, 0x86,
    0xaa, 0x30, 0xb6, 0xb6, 0xcb, 0x0c, 0x5c, 0x38, 0xad, 0x70, 0x31, 0x66, 0xe1,
];

/// Registers the patterns of one key: windows of its 32 bytes, its DER,
/// and windows of the base64 line of its PEM that encode secret bytes (the
/// first 21 characters encode the public 16-byte prefix).
fn register_key(
    seed_name: &'static str,
    der_name: &'static str,
    b64_name: &'static str,
    key: &[u8; 32],
    alg: KeyAlgorithm,
) {
    for start in [0, 8, 16] {
        register(seed_name, &key[start..start + 16]);
    }
    let der = encode_private_key_der(key, alg);
    register(der_name, &der);
    let pem = encode_private_key_pem(key, alg);
    let line = pem.lines().nth(1).expect("the base64 line");
    assert_eq!(line.len(), 64);
    for start in [22, 38, 48] {
        register(b64_name, &line.as_bytes()[start..start + 16]);
    }
}

/// A PKCS#8 v2 DER (with the public key) of `ED`, in a wiped buffer.
fn ed_v2_der() -> Zeroizing<Vec<u8>> {
    let mut der = Zeroizing::new(Vec::with_capacity(83));
    der.extend_from_slice(&[
        0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]);
    der.extend_from_slice(&ED);
    der.extend_from_slice(&[0x81, 0x21, 0x00]);
    der.extend_from_slice(&ED_PUB);
    der
}

/// A PEM of `der`, in a wiped buffer (allocated at its final size).
fn pem_of(der: &[u8]) -> Zeroizing<String> {
    let mut buf = Zeroizing::new(vec![0u8; 512]);
    let text = pkcs8::der::pem::encode("PRIVATE KEY", pkcs8::der::pem::LineEnding::LF, der, &mut buf).unwrap();
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    out.push_str(text);
    out
}

/// CRLF line endings, with text around the block, in a wiped buffer.
fn decorated(pem: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(4 * pem.len()));
    out.push_str("a key, with CRLF line endings\r\n");
    for line in pem.lines() {
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("trailing words\r\n");
    out
}

#[test]
fn no_secret_is_left_in_freed_memory() {
    use KeyAlgorithm::{Ed25519, X25519};

    register_key("Ed25519 key bytes", "Ed25519 DER", "Ed25519 PEM base64", &ED, Ed25519);
    register_key("X25519 key bytes", "X25519 DER", "X25519 PEM base64", &X, X25519);

    let t0 = UnixTime::from_secs(1_772_355_600).unwrap();
    // The inputs, each in a buffer that is wiped when dropped.
    let ed_pem = encode_private_key_pem(&ED, Ed25519);
    let ed_der = encode_private_key_der(&ED, Ed25519);
    let x_pem = encode_private_key_pem(&X, X25519);
    let x_der = encode_private_key_der(&X, X25519);
    let ed_v2 = ed_v2_der();
    let ed_v2_pem = pem_of(&ed_v2);
    let ed_crlf = decorated(&ed_pem);
    let mut two = Zeroizing::new(String::with_capacity(2 * ed_pem.len()));
    two.push_str(&ed_pem);
    two.push_str(&ed_pem);

    type Case<'a> = (&'static str, Box<dyn Fn() + 'a>);
    let clean: Vec<Case<'_>> = vec![
        (
            "decode_private_key, Ed25519 PEM",
            Box::new(|| assert_eq!(*decode_private_key(ed_pem.as_bytes(), Ed25519).unwrap(), ED)),
        ),
        (
            "decode_private_key, Ed25519 DER",
            Box::new(|| assert_eq!(*decode_private_key(&ed_der, Ed25519).unwrap(), ED)),
        ),
        (
            "decode_private_key, X25519 PEM",
            Box::new(|| assert_eq!(*decode_private_key(x_pem.as_bytes(), X25519).unwrap(), X)),
        ),
        (
            "decode_private_key, X25519 DER",
            Box::new(|| assert_eq!(*decode_private_key(&x_der, X25519).unwrap(), X)),
        ),
        (
            "decode_private_key, v2 PEM with the public key",
            Box::new(|| assert_eq!(*decode_private_key(ed_v2_pem.as_bytes(), Ed25519).unwrap(), ED)),
        ),
        (
            "decode_private_key, v2 DER with the public key",
            Box::new(|| assert_eq!(*decode_private_key(&ed_v2, Ed25519).unwrap(), ED)),
        ),
        (
            "decode_private_key, CRLF PEM with text around it",
            Box::new(|| assert_eq!(*decode_private_key(ed_crlf.as_bytes(), Ed25519).unwrap(), ED)),
        ),
        (
            "decode_private_key, swapped (error after decoding)",
            Box::new(|| {
                let e = decode_private_key(x_pem.as_bytes(), Ed25519).unwrap_err();
                black_box(e.to_string());
            }),
        ),
        (
            "decode_private_key, two PEM blocks (error)",
            Box::new(|| {
                let e = decode_private_key(two.as_bytes(), Ed25519).unwrap_err();
                black_box(e.to_string());
            }),
        ),
        (
            "PartySecret::from_pkcs8, PEM",
            Box::new(|| {
                let p = PartySecret::from_pkcs8("Seller Ltd", ed_pem.as_bytes(), x_pem.as_bytes(), t0).unwrap();
                black_box(p.card().as_bytes());
            }),
        ),
        (
            "PartySecret::from_pkcs8, DER",
            Box::new(|| {
                let p = PartySecret::from_pkcs8("Seller Ltd", &ed_der, &x_der, t0).unwrap();
                black_box(p.card().as_bytes());
            }),
        ),
        (
            "encode_private_key_pem and _der",
            Box::new(|| {
                black_box(encode_private_key_pem(&ED, Ed25519));
                black_box(encode_private_key_pem(&X, X25519));
                black_box(encode_private_key_der(&ED, Ed25519));
                black_box(encode_private_key_der(&X, X25519));
            }),
        ),
        (
            "PartySecret::signing_key_pkcs8_pem and encryption_key_pkcs8_pem",
            Box::new(|| {
                let p = PartySecret::from_secrets("Seller Ltd", &ED, &X, t0).unwrap();
                assert_eq!(*p.signing_key_pkcs8_pem(), *ed_pem);
                assert_eq!(*p.encryption_key_pkcs8_pem(), *x_pem);
            }),
        ),
    ];

    // Paths that do leave secrets behind: the scanner must see them.
    let leaky: Vec<Case<'_>> = vec![
        (
            "pkcs8::PrivateKeyInfoOwned::from_pkcs8_pem (the old CLI path)",
            Box::new(|| {
                use pkcs8::DecodePrivateKey;
                let info = pkcs8::PrivateKeyInfoOwned::from_pkcs8_pem(&ed_pem).unwrap();
                black_box(&info);
            }),
        ),
        (
            "a Vec copy of the key bytes",
            Box::new(|| {
                let v = ED.to_vec();
                black_box(&v);
            }),
        ),
        (
            "a String copy of the PEM",
            Box::new(|| {
                let s = String::from(&**x_pem);
                black_box(&s);
            }),
        ),
        (
            "pem::decode_vec of the PEM (an unwiped Vec of the DER)",
            Box::new(|| {
                let (_, der) = pkcs8::der::pem::decode_vec(ed_pem.as_bytes()).unwrap();
                black_box(&der);
            }),
        ),
    ];

    let mut failures = Vec::new();
    for (name, case) in &clean {
        let (scanned, hits, pattern) = armed(case);
        // Zero blocks scanned is a pass too: the path freed no heap memory.
        println!("{name}: {scanned} freed blocks scanned, {hits} held a secret");
        if hits > 0 {
            failures.push(format!(
                "{name}: {hits} freed block(s) held a secret (last: {pattern}, a block of {} bytes)",
                LAST_SIZE.load(Ordering::Relaxed)
            ));
        }
    }
    for (name, case) in &leaky {
        let (scanned, hits, pattern) = armed(case);
        println!("{name} (must be caught): {scanned} freed blocks scanned, {hits} held a secret ({pattern})");
        if hits == 0 || scanned == 0 {
            failures.push(format!("{name}: the scanner did not see the secret it leaves behind"));
        }
    }
    // For the record: pkcs8's own allocating encoder, which econtract does not use.
    let (scanned, hits, pattern) = armed(|| {
        use pkcs8::EncodePrivateKey;
        let info = pkcs8::PrivateKeyInfoRef::try_from(&ed_der[..]).unwrap();
        black_box(info.to_pkcs8_pem(pkcs8::der::pem::LineEnding::LF).unwrap());
    });
    println!("note: pkcs8's to_pkcs8_pem: {scanned} freed blocks scanned, {hits} held a secret ({pattern})");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
