/*
 * raytrace.c - the "raytrace" workload of tests/workloads (Disco, SOSP '97,
 * Fig. 5: compute-bound): a small ray tracer, spheres over a plane, one
 * light, shadows and one reflection, rendered to memory.  Few system
 * calls, a small footprint: nearly all its time is its own instructions.
 *
 * Usage: raytrace SCALE (an image of 48 x 32 * SCALE pixels).  Prints a
 * checksum of the image; nothing depends on time.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct v3 { double x, y, z; } v3;

static v3 add(v3 a, v3 b) { return (v3){a.x + b.x, a.y + b.y, a.z + b.z}; }
static v3 sub(v3 a, v3 b) { return (v3){a.x - b.x, a.y - b.y, a.z - b.z}; }
static v3 mul(v3 a, double k) { return (v3){a.x * k, a.y * k, a.z * k}; }
static double dot(v3 a, v3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static v3 norm(v3 a) { return mul(a, 1.0 / sqrt(dot(a, a))); }

typedef struct sphere { v3 c; double r; double shade; } sphere;
static const sphere S[] = {
	{{0, 1, 5}, 1, 0.9}, {{-2, 0.6, 6}, 0.6, 0.6}, {{2, 0.8, 4.5}, 0.8, 0.4}, {{0.5, 0.3, 3}, 0.3, 0.8},
};
#define NS (sizeof S / sizeof S[0])

/* The nearest hit along o + t d (t > 1e-6): the sphere's index, NS for the
 * plane y = 0, -1 for none. */
static int hit(v3 o, v3 d, double *tt)
{
	int best = -1;
	double bt = 1e30;
	for (unsigned i = 0; i < NS; i++) {
		v3 oc = sub(o, S[i].c);
		double b = dot(oc, d), c = dot(oc, oc) - S[i].r * S[i].r, disc = b * b - c;
		if (disc < 0)
			continue;
		double t = -b - sqrt(disc);
		if (t > 1e-6 && t < bt) {
			bt = t;
			best = (int)i;
		}
	}
	if (d.y < -1e-9) {
		double t = -o.y / d.y;
		if (t > 1e-6 && t < bt) {
			bt = t;
			best = NS;
		}
	}
	*tt = bt;
	return best;
}

static double trace(v3 o, v3 d, int depth)
{
	double t;
	int h = hit(o, d, &t);
	if (h < 0)
		return 0.2 + 0.3 * d.y;
	v3 p = add(o, mul(d, t));
	v3 n = h == (int)NS ? (v3){0, 1, 0} : norm(sub(p, S[h].c));
	double base = h == (int)NS ? (((int)floor(p.x) + (int)floor(p.z)) & 1 ? 0.8 : 0.3) : S[h].shade;
	v3 l = norm(sub((v3){-3, 5, 0}, p));
	double diff = dot(n, l), st;
	if (diff < 0 || hit(add(p, mul(n, 1e-4)), l, &st) >= 0)
		diff = 0;
	double c = base * (0.1 + 0.9 * diff);
	if (depth < 2 && h != (int)NS) {
		v3 r = sub(d, mul(n, 2 * dot(d, n)));
		c = 0.7 * c + 0.3 * trace(add(p, mul(n, 1e-4)), norm(r), depth + 1);
	}
	return c;
}

int main(int argc, char **argv)
{
	int scale = argc > 1 ? atoi(argv[1]) : 1;
	int w = 48, hgt = 32 * scale;
	unsigned char *img = malloc((size_t)w * (size_t)hgt);
	if (!img)
		return 1;
	for (int y = 0; y < hgt; y++)
		for (int x = 0; x < w; x++) {
			double sum = 0;
			for (int s = 0; s < 4; s++) { /* 2x2 supersampling */
				double u = (x + 0.25 + 0.5 * (s & 1)) / w - 0.5;
				double v = 0.5 - (y % 32 + 0.25 + 0.5 * (s >> 1)) / 32.0;
				sum += trace((v3){0, 1.2, 0}, norm((v3){u * 1.5, v, 1}), 0);
			}
			double c = sum / 4;
			img[y * w + x] = (unsigned char)(c < 0 ? 0 : c > 1 ? 255 : c * 255);
		}
	unsigned ck = 0;
	for (int i = 0; i < w * hgt; i++)
		ck = ck * 131 + img[i];
	printf("raytrace: %dx%d pixels, checksum %08x\n", w, hgt, ck);
	for (int y = 0; y < 32; y += 4) { /* a thumbnail, to see it */
		for (int x = 0; x < w; x++)
			putchar(" .:-=+*#%@"[img[y * w + x] * 10 / 256]);
		putchar('\n');
	}
	return 0;
}
