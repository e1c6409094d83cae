/* reads standard input: lines, words, bytes, a checksum, the longest line */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
int main(void)
{
	char line[4096], longest[4096] = "";
	long lines = 0, words = 0, bytes = 0;
	unsigned long sum = 0;
	while (fgets(line, sizeof line, stdin)) {
		size_t n = strlen(line);
		lines++;
		bytes += (long)n;
		int in = 0;
		for (size_t i = 0; i < n; i++) {
			sum = sum * 33 + (unsigned char)line[i];
			if (isspace((unsigned char)line[i])) in = 0;
			else if (!in) { in = 1; words++; }
		}
		if (n > strlen(longest))
			strcpy(longest, line);
	}
	printf("%ld %ld %ld %lx\nlongest: %s", lines, words, bytes, sum, longest);
	return 0;
}
