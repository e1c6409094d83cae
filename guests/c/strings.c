/* string and memory functions, conversions */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
int main(void)
{
	char buf[256], b2[256];
	strcpy(buf, "The quick brown fox jumps over the lazy dog");
	printf("%zu %s\n", strlen(buf), strstr(buf, "fox"));
	printf("%s|%s\n", strchr(buf, 'o'), strrchr(buf, 'o'));
	strcpy(b2, buf);
	for (char *p = b2; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	printf("%s %d %d %d\n", b2, strcmp(buf, b2) > 0, strncmp(buf, "The", 3), strcasecmp(buf, b2));
	char *save, *tok = strtok_r(b2, " ", &save);
	while (tok) {
		printf("<%s>", tok);
		tok = strtok_r(NULL, " ", &save);
	}
	printf("\n");
	memmove(buf + 4, buf, 20);
	printf("%s\n", buf);
	memmove(buf, buf + 10, 30);
	buf[40] = 0;
	printf("%s\n", buf);
	memset(buf, 'x', 100);
	buf[100] = 0;
	printf("%zu %d\n", strlen(buf), memcmp(buf, buf + 1, 50));
	strcpy(buf, "abc");
	strcat(buf, "def");
	strncat(buf, "ghijkl", 3);
	printf("%s %zu %zu\n", buf, strspn(buf, "abcx"), strcspn(buf, "fz"));
	const char *nums[] = {"12345", "-0x1f", "0777", "  +42abc", "99999999999", "3.25e2", "-.5", "inf", "1e-5x"};
	for (int i = 0; i < 9; i++) {
		char *end;
		long l = strtol(nums[i], &end, 0);
		unsigned long ul = strtoul(nums[i], NULL, 10);
		double d = strtod(nums[i], NULL);
		printf("%s: %ld [%s] %lu %g %d\n", nums[i], l, end, ul, d, atoi(nums[i]));
	}
	char *dup = strdup("duplicate");
	printf("%s %s\n", dup, strndup(dup, 3));
	free(dup);
	for (int c = 0; c < 128; c += 7)
		printf("%d%d%d%d%d ", !!isalpha(c), !!isdigit(c), !!isspace(c), !!ispunct(c), !!isupper(c));
	printf("\n");
	return 0;
}
