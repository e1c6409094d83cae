/* linked lists: build, reverse, merge sort, free */
#include <stdio.h>
#include <stdlib.h>
struct node { int v; struct node *next; };
static struct node *merge(struct node *a, struct node *b)
{
	struct node head, *t = &head;
	while (a && b) {
		if (a->v <= b->v) { t->next = a; a = a->next; } else { t->next = b; b = b->next; }
		t = t->next;
	}
	t->next = a ? a : b;
	return head.next;
}
static struct node *msort(struct node *h)
{
	if (!h || !h->next) return h;
	struct node *slow = h, *fast = h->next;
	while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
	struct node *b = slow->next;
	slow->next = NULL;
	return merge(msort(h), msort(b));
}
int main(void)
{
	struct node *h = NULL;
	unsigned x = 7;
	for (int i = 0; i < 50000; i++) {
		struct node *n = malloc(sizeof *n);
		x = x * 69069 + 1;
		n->v = (int)(x >> 12) % 100000;
		n->next = h;
		h = n;
	}
	struct node *r = NULL;
	while (h) { struct node *n = h->next; h->next = r; r = h; h = n; }
	h = msort(r);
	long sum = 0; int k = 0, sorted = 1, prev = -1;
	for (struct node *n = h; n; n = n->next, k++) {
		if (n->v < prev) sorted = 0;
		prev = n->v;
		sum += (long)n->v * (k % 7);
		if (k % 5000 == 0) printf("%d ", n->v);
	}
	printf("\nsorted %d sum %ld\n", sorted, sum);
	while (h) { struct node *n = h->next; free(h); h = n; }
	return 0;
}
