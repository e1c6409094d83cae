/*
 * stackdist.h - one-pass LRU stack distances (Mattson, Gecsei, Slutz and
 * Traiger, 1970) for fully associative LRU caches of every capacity at once,
 * with exact invalidations.
 *
 * Feed it the stream of lookups of one software TLB (stackdist_access) and
 * the guest's mapping changes (stackdist_invalidate); afterwards
 * stackdist_hits(s, C) is exactly the number of hits a fully associative LRU
 * cache of C entries would have had on that stream (C = STACKDIST_INF:
 * unbounded), for every C, from one pass.
 *
 * How (Bennett and Kruskal 1975, Olken 1981): every present entry carries the
 * time of its last access; a Fenwick tree over times marks the live ones, so
 * an entry's stack position is 1 + the number of marks after its time:
 * O(log n) per access.  Times are renumbered (compacted) when they run out.
 *
 * Invalidations.  Removing an entry from the stack and counting distances over
 * the entries still present is NOT exact: a cache of capacity C that held the
 * invalidated entry now has a free slot, but a cache that did not hold it is
 * unchanged, so their contents are no longer "the top C of one stack".
 * Instead the invalidated entry leaves a HOLE in its stack position.  With
 * positions counted over entries and holes alike, the invariant is
 *
 *     the C-entry cache holds exactly the entries among the top C positions,
 *     and position order is recency order.
 *
 * An access to X at position d (d = infinity if X is not present), with h
 * the shallowest hole (infinity if none):
 *   - caches with C >= d hit; the others miss;
 *   - if d < h: X moves to the top, positions 1..d-1 shift down one (plain
 *     LRU: a cache with C < d has no free slot and evicts position C);
 *   - if h < d: X moves to the top, positions 1..h-1 shift down one and fill
 *     the hole (a cache with h <= C < d had a free slot: no eviction; one
 *     with C < h evicts position C), and X's old position d becomes a hole
 *     (caches with C >= d hit and keep their contents).
 * An invalidation of X at position d turns d into a hole (caches with C >= d
 * lose X and gain a free slot; the others never held X).  Positions beyond
 * the stack's end count as holes, so a cold miss grows the stack.  In time
 * terms, a hole keeps the time of the entry it replaced (and its mark), and
 * "consuming the shallowest hole" unmarks the latest hole time: a max-heap.
 * tests/unit/test_stackdist.c checks all this against direct per-capacity
 * LRU simulation on seeded random streams with invalidations.
 */
#ifndef VMMSIM_STACKDIST_H
#define VMMSIM_STACKDIST_H

#include <stddef.h>
#include <stdint.h>

#define STACKDIST_INF UINT64_MAX /* capacity: unbounded */

typedef struct stackdist stackdist;

/* A new, empty stack; NULL if out of memory. */
stackdist *stackdist_new(void);
void stackdist_free(stackdist *s);

/* Looks key up and makes it the most recently used entry.  Returns its stack
 * distance (1 = it was the most recent; hits in every cache of capacity >=
 * the distance), 0 if it was not present (a miss at every capacity), or -1
 * if out of memory (the stack is then unchanged). */
int64_t stackdist_access(stackdist *s, uint64_t key);

/* As stackdist_access, but not counted as a lookup (not in the histogram
 * or the access count): an insertion or refresh of the entry, which in an
 * LRU cache of any capacity makes it the most recent. */
int64_t stackdist_touch(stackdist *s, uint64_t key);

/* Removes key from every capacity's cache (no effect if absent).  Returns 1
 * if it was present, 0 if not, -1 if out of memory. */
int stackdist_invalidate(stackdist *s, uint64_t key);

/* Hits a C-entry fully associative LRU cache had so far (C >= 1, or
 * STACKDIST_INF).  O(distinct distances); see stackdist_hist for many C. */
uint64_t stackdist_hits(const stackdist *s, uint64_t capacity);

/* Accesses so far. */
uint64_t stackdist_accesses(const stackdist *s);

/* The distance histogram: *len entries, hist[d-1] = accesses at distance d.
 * Accesses of absent keys (misses at every capacity) are not in it. */
const uint64_t *stackdist_hist(const stackdist *s, size_t *len);

/* Hits for each of n capacities (sorted or not; STACKDIST_INF allowed). */
void stackdist_hits_many(const stackdist *s, const uint64_t *caps, size_t n, uint64_t *hits);

#endif
