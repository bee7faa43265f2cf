/* Small file and text helpers. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int cus__read_file(const char *path, size_t max, const char *field, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return cus__error(CUS_ENOTFOUND, "util", field, "%s does not exist", path);
		return cus__error(CUS_EIO, "util", field, "cannot open %s: %s", path, strerror(errno));
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return cus__error(CUS_EINVAL, "util", field, "%s is not a regular file", path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return cus__error(CUS_EINVAL, "util", field, "%s is larger than %zu bytes", path, max);
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return cus__error(CUS_ENOMEM, "util", field, "out of memory");
	}
	for (;;) {
		if (n + 1 >= cap) { /* the file grew while reading */
			if (cap > max + 1) {
				free(buf);
				close(fd);
				return cus__error(CUS_EINVAL, "util", field, "%s is larger than %zu bytes", path, max);
			}
			char *b = realloc(buf, cap * 2);
			if (!b) {
				free(buf);
				close(fd);
				return cus__error(CUS_ENOMEM, "util", field, "out of memory");
			}
			buf = b;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			close(fd);
			return cus__error(CUS_EIO, "util", field, "cannot read %s: %s", path, strerror(errno));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int cus__utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned cp;
		if ((c & 0xE0) == 0xC0) {
			n = 1;
			cp = c & 0x1F;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2;
			cp = c & 0x0F;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3;
			cp = c & 0x07;
		} else {
			return 0;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}
