/* double matrix multiply, LU-style elimination */
#include <stdio.h>
#define N 60
static double a[N][N], b[N][N], c[N][N];
int main(void)
{
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			a[i][j] = (i * 3 + j * 7) % 11 - 5.0 + (i == j ? 20 : 0);
			b[i][j] = (i + 1.0) / (j + 2.0);
		}
	for (int i = 0; i < N; i++)
		for (int j = 0; j < N; j++) {
			double s = 0;
			for (int k = 0; k < N; k++)
				s += a[i][k] * b[k][j];
			c[i][j] = s;
		}
	double tr = 0;
	for (int i = 0; i < N; i++)
		tr += c[i][i];
	printf("trace %.10e\n", tr);
	double det = 1;
	for (int k = 0; k < N; k++) {
		det *= a[k][k];
		for (int i = k + 1; i < N; i++) {
			double f = a[i][k] / a[k][k];
			for (int j = k; j < N; j++)
				a[i][j] -= f * a[k][j];
		}
	}
	printf("log-ish det %.10e\n", det / 1e70);
	for (int i = 0; i < N; i += 13)
		printf("%.6f %.6f\n", c[i][i], c[i][N - 1 - i]);
	return 0;
}
