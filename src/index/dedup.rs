//! Near-duplicate grouping at index time.
//!
//! Groups change only around what a sync touched: groups that lost or changed a
//! member are dissolved and rebuilt; new and changed articles are compared with each
//! other in memory (sorted LSH band hashes) and with the rest of the index through
//! one pass over its band-hash column; untouched groups are kept as they are.

use std::collections::{BTreeMap, HashMap, HashSet};

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use super::Fields;
use crate::Result;
use crate::corpus::fingerprint::{NEAR_DUPLICATE, Signature};

/// Recomputes the near-duplicate groups after a sync.
///
/// `old` searches the index as it was before the sync; `deleted` holds the ids whose
/// old documents are gone (removed or changed); `added` the new or changed articles.
pub(super) fn regroup(
    fields: Fields,
    old: &Searcher,
    old_groups: &BTreeMap<String, String>,
    deleted: &HashSet<String>,
    added: Vec<(String, Signature)>,
) -> Result<BTreeMap<String, String>> {
    let added_ids: HashSet<String> = added.iter().map(|(id, _)| id.clone()).collect();
    let dissolved: HashSet<&str> = old_groups
        .iter()
        .filter(|(id, _)| {
            let id: &str = id;
            deleted.contains(id) || added_ids.contains(id)
        })
        .map(|(_, key)| key.as_str())
        .collect();

    let mut groups = UnionFind::default();
    for (id, key) in old_groups {
        if !dissolved.contains(key.as_str()) {
            groups.union(id, key);
        }
    }

    // Survivors of dissolved groups are compared again, like new articles.
    let mut affected = added;
    for (id, key) in old_groups {
        if dissolved.contains(key.as_str())
            && !deleted.contains(id)
            && !added_ids.contains(id.as_str())
            && let Some(sig) = stored_signature(fields, old, id)?
        {
            affected.push((id.clone(), sig));
        }
    }

    // Affected articles among themselves: equal band hashes, found by sorting.
    let mut bands: Vec<(u64, u32)> = affected
        .iter()
        .enumerate()
        .flat_map(|(i, (_, sig))| sig.band_hashes().into_iter().map(move |h| (h, i as u32)))
        .collect();
    bands.sort_unstable();
    let mut compared = HashSet::new();
    for run in bands.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        for (x, &(_, i)) in run.iter().enumerate() {
            for &(_, j) in &run[x + 1..] {
                if i != j && compared.insert((i.min(j), i.max(j))) {
                    let (a, b) = (&affected[i as usize], &affected[j as usize]);
                    if a.1.similarity(&b.1) >= NEAR_DUPLICATE {
                        groups.union(&a.0, &b.0);
                    }
                }
            }
        }
    }

    // Affected articles against the untouched rest of the index: one pass over the
    // band column finds every indexed article sharing a band with one of them.
    if old.num_docs() > 0 && !affected.is_empty() {
        let mut wanted: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, (_, sig)) in affected.iter().enumerate() {
            for h in sig.band_hashes() {
                wanted.entry(h).or_default().push(i);
            }
        }
        let mut pairs: HashSet<(tantivy::DocAddress, usize)> = HashSet::new();
        for (ord, segment) in old.segment_readers().iter().enumerate() {
            let column = segment.fast_fields().u64("lsh")?;
            for doc in segment.doc_ids_alive() {
                for h in column.values_for_doc(doc) {
                    for &i in wanted.get(&h).into_iter().flatten() {
                        pairs.insert((tantivy::DocAddress::new(ord as u32, doc), i));
                    }
                }
            }
        }
        for (addr, i) in pairs {
            let Some((other, other_sig)) = id_and_signature(fields, old, addr)? else {
                continue;
            };
            let (id, sig) = &affected[i];
            if &other != id
                && !deleted.contains(&other)
                && sig.similarity(&other_sig) >= NEAR_DUPLICATE
            {
                groups.union(id, &other);
            }
        }
    }
    Ok(groups.into_groups())
}

fn stored_signature(fields: Fields, searcher: &Searcher, id: &str) -> Result<Option<Signature>> {
    let query = TermQuery::new(
        Term::from_field_text(fields.id, id),
        IndexRecordOption::Basic,
    );
    let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
    let Some(&(_, addr)) = top.first() else {
        return Ok(None);
    };
    let doc: TantivyDocument = searcher.doc(addr)?;
    Ok(doc
        .get_first(fields.body)
        .and_then(|v| v.as_str())
        .map(Signature::of))
}

fn id_and_signature(
    fields: Fields,
    searcher: &Searcher,
    addr: tantivy::DocAddress,
) -> Result<Option<(String, Signature)>> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    let id = doc
        .get_first(fields.id)
        .and_then(|v| v.as_str())
        .map(str::to_string);
    // Signatures are not stored: recomputing one from the body is cheaper than
    // keeping 512 bytes per article in the document store.
    let sig = doc
        .get_first(fields.body)
        .and_then(|v| v.as_str())
        .map(Signature::of);
    Ok(id.zip(sig))
}

/// Union-find over article ids.
#[derive(Default)]
struct UnionFind {
    parent: HashMap<String, String>,
}

impl UnionFind {
    fn find(&mut self, id: &str) -> String {
        let mut root = id.to_string();
        while let Some(p) = self.parent.get(&root).filter(|p| **p != root) {
            root = p.clone();
        }
        // Path compression.
        let mut cur = id.to_string();
        while let Some(p) = self.parent.get(&cur).cloned().filter(|p| *p != cur) {
            self.parent.insert(cur, root.clone());
            cur = p;
        }
        root
    }

    fn union(&mut self, a: &str, b: &str) {
        for id in [a, b] {
            self.parent
                .entry(id.to_string())
                .or_insert_with(|| id.to_string());
        }
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            // The smaller id is the root, so a group's key is its smallest id.
            let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(child, root);
        }
    }

    /// id → group key (smallest id), for every id in a group of two or more.
    fn into_groups(mut self) -> BTreeMap<String, String> {
        let ids: Vec<String> = self.parent.keys().cloned().collect();
        let mut out = BTreeMap::new();
        for id in ids {
            let root = self.find(&id);
            out.insert(id, root);
        }
        let mut sizes: HashMap<String, usize> = HashMap::new();
        for root in out.values() {
            *sizes.entry(root.clone()).or_default() += 1;
        }
        out.retain(|_, root| sizes[root.as_str()] > 1);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_keys_groups_by_smallest_id() {
        let mut uf = UnionFind::default();
        uf.union("c", "b");
        uf.union("d", "c");
        uf.union("x", "y");
        uf.union("z", "z");
        let groups = uf.into_groups();
        assert_eq!(groups["d"], "b");
        assert_eq!(groups["c"], "b");
        assert_eq!(groups["b"], "b");
        assert_eq!(groups["y"], "x");
        assert!(!groups.contains_key("z"));
    }
}
