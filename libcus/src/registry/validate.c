/* Validation and normalisation of a person's fields. Errors name the input
 * field and never quote its value (personal data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define EMAIL_MAX 254

static int bad(const char *field, const char *why)
{
	return cus__error(CUS_EINVAL, "registry", field, "%s: %s", field, why);
}

/* Normalise a text field; required: "" is refused. */
static int text_field(char **out, const char *in, size_t max, const char *field, int required)
{
	int rc = cus_text_normalize(out, in, max, field);
	if (rc) {
		/* keep util's reason but make sure the module and field are ours */
		return cus__error(rc, "registry", field, "%s",
			cus_error_last()->message ? cus_error_last()->message : "invalid text");
	}
	if (required && !**out) {
		cus_free(*out);
		*out = NULL;
		return bad(field, "is required");
	}
	return 0;
}

static int phone_field(char **out, const char *in)
{
	int rc = text_field(out, in, 40, "phone", 0);
	if (rc || !**out)
		return rc == CUS_EINVAL ? bad("phone", "must be 9 to 15 digits, with optional + - ( ) and spaces") : rc;
	int digits = 0;
	for (const char *p = *out; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("+-() ", *p))
			digits = -100;
	}
	if (digits < 9 || digits > 15) {
		cus_free(*out);
		*out = NULL;
		return bad("phone", "must be 9 to 15 digits, with optional + - ( ) and spaces");
	}
	return 0;
}

static int email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || strchr(at + 1, '@'))
		return 0;
	size_t local = (size_t)(at - s);
	if (local == 0 || local > 64)
		return 0;
	for (const char *p = s; p < at; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= ' ' || c == 0x7f || strchr("\"(),:;<>[\\]", c))
			return 0;
	}
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return 0;
	const char *d = at + 1;
	if (!*d || !strchr(d, '.'))
		return 0;
	const char *label = d;
	for (const char *p = d;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '.' || c == '\0') {
			size_t n = (size_t)(p - label);
			if (n == 0 || n > 63 || label[0] == '-' || p[-1] == '-')
				return 0;
			if (c == '\0')
				break;
			label = p + 1;
		} else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
				   || c >= 0x80)) {
			return 0;
		}
	}
	return 1;
}

static int email_field(char **out, const char *in)
{
	int rc = text_field(out, in, EMAIL_MAX, "email", 0);
	if (rc == CUS_EINVAL)
		return bad("email", "is not an e-mail address (local@domain)");
	if (rc || !**out)
		return rc;
	if (!email_ok(*out)) {
		cus_free(*out);
		*out = NULL;
		return bad("email", "is not an e-mail address (local@domain)");
	}
	return 0;
}

static int teryt_field(char **out, const char *in)
{
	size_t n = strlen(in);
	if (n != 7 || strspn(in, "0123456789") != 7)
		return bad("teryt", "must be a TERYT code of 7 digits");
	*out = cus__strdup(in);
	return *out ? 0 : cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
}

static int date_field(char **out, const char *in, const char *field)
{
	cus_date d;
	if (cus_date_check(in, &d) != 0)
		return bad(field, "must be a real date YYYY-MM-DD");
	*out = cus__strdup(in);
	return *out ? 0 : cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
}

void cus__person_fields_free(cus__person_fields *f)
{
	if (!f)
		return;
	char **all[] = { &f->pesel, &f->first_names, &f->last_name, &f->birth_date, &f->address, &f->phone,
		&f->email, &f->financial, &f->teryt, &f->registered };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		cus_free(*all[i]);
		*all[i] = NULL;
	}
	f->sex = 0;
}

/* The fields common to add and update (given ones only). */
static int fields_common(const cus_person_input *in, cus__person_fields *f, int add)
{
	int rc = 0;
	if (in->pesel && (add ? *in->pesel != '\0' : 1)) {
		cus_pesel_info info;
		if (cus_pesel_check(in->pesel, &info) != 0) {
			return cus__error(CUS_EINVAL, "registry", "pesel", "%s",
				cus_error_last()->message ? cus_error_last()->message : "invalid");
		}
		if ((in->birth_date && strcmp(in->birth_date, info.birth_date) != 0))
			return bad("birth_date", "differs from the birth date the PESEL gives");
		if (in->sex && in->sex != info.sex)
			return bad("sex", "differs from the sex the PESEL gives");
		f->pesel = cus__strdup(in->pesel);
		f->birth_date = cus__strdup(info.birth_date);
		f->sex = info.sex;
		if (!f->pesel || !f->birth_date)
			return cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	} else {
		if (in->birth_date && (rc = date_field(&f->birth_date, in->birth_date, "birth_date")))
			return rc;
		if (in->sex) {
			if (in->sex != 'M' && in->sex != 'F')
				return bad("sex", "must be 'M' or 'F'");
			f->sex = in->sex;
		}
	}
	if (in->first_names && (rc = text_field(&f->first_names, in->first_names, CUS_NAME_MAX, "first_names", 1)))
		return rc;
	if (in->last_name && (rc = text_field(&f->last_name, in->last_name, CUS_NAME_MAX, "last_name", 1)))
		return rc;
	if (in->address && (rc = text_field(&f->address, in->address, CUS_ADDRESS_MAX, "address", 0)))
		return rc;
	if (in->phone && (rc = phone_field(&f->phone, in->phone)))
		return rc;
	if (in->email && (rc = email_field(&f->email, in->email)))
		return rc;
	if (in->financial && (rc = text_field(&f->financial, in->financial, CUS_TEXT_MAX, "financial", 0)))
		return rc;
	if (in->teryt && (rc = teryt_field(&f->teryt, in->teryt)))
		return rc;
	if (in->registered && (rc = date_field(&f->registered, in->registered, "registered")))
		return rc;
	return 0;
}

/* Optional fields given as "" are absent at an add. */
static void empty_to_null(char **s)
{
	if (*s && !**s) {
		cus_free(*s);
		*s = NULL;
	}
}

int cus__person_validate(const cus_person_input *in, const char *default_teryt, cus__person_fields *f)
{
	if (!f)
		return cus__error(CUS_EINVAL, "registry", NULL, "no output");
	memset(f, 0, sizeof *f);
	if (!in)
		return cus__error(CUS_EINVAL, "registry", NULL, "no person given");
	if (in->version != CUS_PERSON_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "registry", "version", "unsupported cus_person_input version %u",
			in->version);
	int rc = fields_common(in, f, 1);
	if (!rc && !f->pesel) {
		if (!f->birth_date)
			rc = bad("birth_date", "is required for a person without a PESEL");
		else if (!f->sex)
			rc = bad("sex", "is required for a person without a PESEL");
	}
	if (!rc && !f->first_names)
		rc = bad("first_names", "is required");
	if (!rc && !f->last_name)
		rc = bad("last_name", "is required");
	if (!rc && !f->teryt) {
		if (!default_teryt)
			rc = bad("teryt", "is required (the policy names no municipality)");
		else
			rc = teryt_field(&f->teryt, default_teryt);
	}
	if (!rc && !f->registered) {
		char today[11];
		cus__today(today);
		f->registered = cus__strdup(today);
		if (!f->registered)
			rc = cus__error(CUS_ENOMEM, "registry", NULL, "out of memory");
	}
	if (rc) {
		cus__person_fields_free(f);
		return rc;
	}
	empty_to_null(&f->address);
	empty_to_null(&f->phone);
	empty_to_null(&f->email);
	empty_to_null(&f->financial);
	return 0;
}

int cus__person_validate_update(const cus_person_input *in, cus__person_fields *f)
{
	memset(f, 0, sizeof *f);
	if (!in)
		return cus__error(CUS_EINVAL, "registry", NULL, "no changes given");
	if (in->version != CUS_PERSON_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "registry", "version", "unsupported cus_person_input version %u",
			in->version);
	int rc = fields_common(in, f, 0);
	if (rc)
		cus__person_fields_free(f);
	return rc;
}

int cus_person_input_init(cus_person_input *in, unsigned int version)
{
	if (!in || version != CUS_PERSON_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "registry", "version", "unknown cus_person_input version %u", version);
	cus_person_input d = CUS_PERSON_INPUT_INIT;
	*in = d;
	return 0;
}

int cus_record_input_init(cus_record_input *in, unsigned int version)
{
	if (!in || version != CUS_RECORD_INPUT_VERSION)
		return cus__error(CUS_EINVAL, "registry", "version", "unknown cus_record_input version %u", version);
	cus_record_input d = CUS_RECORD_INPUT_INIT;
	*in = d;
	return 0;
}
