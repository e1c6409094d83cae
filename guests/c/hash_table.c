/* open-addressing hash table of strings: insert, lookup, delete, grow */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct ent { char *key; int val; int used; };
static struct ent *tab;
static size_t cap = 16, count;
static unsigned long hash(const char *s) { unsigned long h = 5381; while (*s) h = h * 33 + (unsigned char)*s++; return h; }
static void put(const char *k, int v);
static void grow(void)
{
	struct ent *old = tab;
	size_t oc = cap;
	cap *= 2;
	tab = calloc(cap, sizeof *tab);
	count = 0;
	for (size_t i = 0; i < oc; i++)
		if (old[i].used == 1) { put(old[i].key, old[i].val); free(old[i].key); }
	free(old);
}
static void put(const char *k, int v)
{
	if (count * 2 >= cap) grow();
	size_t i = hash(k) & (cap - 1);
	while (tab[i].used == 1 && strcmp(tab[i].key, k)) i = (i + 1) & (cap - 1);
	if (tab[i].used != 1) { tab[i].key = strdup(k); tab[i].used = 1; count++; }
	tab[i].val = v;
}
static struct ent *get(const char *k)
{
	size_t i = hash(k) & (cap - 1);
	while (tab[i].used) { if (tab[i].used == 1 && !strcmp(tab[i].key, k)) return &tab[i]; i = (i + 1) & (cap - 1); }
	return NULL;
}
int main(void)
{
	tab = calloc(cap, sizeof *tab);
	char k[32];
	for (int i = 0; i < 10000; i++) { snprintf(k, sizeof k, "key%d", i * 7919 % 30011); put(k, i); }
	int hits = 0; long sum = 0;
	for (int i = 0; i < 20000; i++) {
		snprintf(k, sizeof k, "key%d", i);
		struct ent *e = get(k);
		if (e) { hits++; sum += e->val; if (i % 3 == 0) { free(e->key); e->key = NULL; e->used = 2; } }
	}
	int after = 0;
	for (int i = 0; i < 20000; i++) { snprintf(k, sizeof k, "key%d", i); after += get(k) != NULL; }
	printf("cap %zu count %zu hits %d sum %ld after %d\n", cap, count, hits, sum, after);
	return 0;
}
