/* Writing the computed model as an XLSX workbook with libxlsxwriter.
 *
 * libxlsxwriter 1.1.4 takes invalid UTF-8 and NaN without a word and writes
 * a broken file, so every string goes through put_text() (checked UTF-8, at
 * most 32,767 bytes, always worksheet_write_string: text beginning with =,
 * +, - or @ stays text) and every number through put_number() (finite only).
 * In constant-memory mode rows are written in order, which this writer does:
 * each sheet top to bottom. Column widths are set at the end of a sheet. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "report.h"

#define M MODULE_REPORT
#define MAXCOL 40
#define LABEL_MAX_WIDTH 62.0
#define CHART_ROWS 20

typedef struct {
	lxw_workbook *wb;
	lxw_format *title, *subtitle, *h2, *head, *label, *label_bold, *label_sub, *heading, *note, *text, *key,
		*value_text, *hash, *date, *datetime;
	lxw_format *num[6][3];     /* [rep_fmt][0 plain, 1 subtotal, 2 total] */
	lxw_format *mark[3];       /* "x" and "–" */
	const rep_model *m;
	size_t charts;
	int bad;                   /* a string had to be dropped */
} wctx;

typedef struct {
	lxw_worksheet *ws;
	const char *name;
	lxw_row_t row;
	double width[MAXCOL];
	int frozen;
	lxw_row_t breaks[REP__MAX_BLOCKS + 1];   /* page breaks before blocks, 0-terminated */
	size_t nbreaks;
} sheet;

/* ---- safe writes ---- */

static void put_text(wctx *w, sheet *s, lxw_row_t r, lxw_col_t c, const char *text, lxw_format *f, int measure)
{
	if (!text)
		text = "";
	size_t n = strlen(text);
	if (n > 32767 || !cus__utf8_valid(text, n)) {
		w->bad = 1;
		text = "?";
		n = 1;
	}
	worksheet_write_string(s->ws, r, c, text, f);
	if (measure && c < MAXCOL) {
		double chars = 0;
		for (const unsigned char *p = (const unsigned char *)text; *p; p++)
			chars += (*p & 0xC0) != 0x80;
		if (chars + 2 > s->width[c])
			s->width[c] = chars + 2;
	}
}

static void put_number(sheet *s, lxw_row_t r, lxw_col_t c, double v, lxw_format *f, double width)
{
	if (!isfinite(v))
		v = 0;
	worksheet_write_number(s->ws, r, c, v, f);
	if (c < MAXCOL && width > s->width[c])
		s->width[c] = width;
}

/* Header and footer text: '&' doubled, at most 200 bytes (whole characters). */
static void hf_escape(char *out, size_t size, const char *in)
{
	size_t o = 0;
	for (const char *p = in; *p && o + 3 < size && o < 200; p++) {
		if ((*p & 0xC0) == 0xC0) {   /* a whole character or none */
			size_t len = (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : 4;
			if (o + len + 1 >= size || o + len > 200)
				break;
		}
		if (*p == '&')
			out[o++] = '&';
		out[o++] = *p;
	}
	out[o] = 0;
}

static const char *num_format(rep_fmt f)
{
	switch (f) {
	case REP_FMT_MONEY: return "#,##0.00\\ [$z\xC5\x82-415]";
	case REP_FMT_PERCENT: return "0.0%";
	case REP_FMT_UNITS: return "#,##0.00";
	case REP_FMT_DECIMAL: return "#,##0.00";
	default: return "#,##0";
	}
}

static lxw_format *fmt_new(wctx *w, int bold, int size, int italic)
{
	lxw_format *f = workbook_add_format(w->wb);
	format_set_font_name(f, "Calibri");
	format_set_font_size(f, size);
	if (bold)
		format_set_bold(f);
	if (italic)
		format_set_italic(f);
	return f;
}

static void formats(wctx *w)
{
	w->title = fmt_new(w, 1, 16, 0);
	format_set_font_color(w->title, 0x1F3864);
	w->subtitle = fmt_new(w, 0, 11, 1);
	format_set_font_color(w->subtitle, 0x595959);
	w->h2 = fmt_new(w, 1, 12, 0);
	format_set_font_color(w->h2, 0x1F3864);
	w->head = fmt_new(w, 1, 10, 0);
	format_set_bg_color(w->head, 0xD9E1F2);
	format_set_border(w->head, LXW_BORDER_THIN);
	format_set_border_color(w->head, 0x8EA9DB);
	format_set_text_wrap(w->head);
	format_set_align(w->head, LXW_ALIGN_CENTER);
	format_set_align(w->head, LXW_ALIGN_VERTICAL_CENTER);
	w->label = fmt_new(w, 0, 10, 0);
	format_set_bottom(w->label, LXW_BORDER_HAIR);
	format_set_bottom_color(w->label, 0xBFBFBF);
	format_set_text_wrap(w->label);
	format_set_align(w->label, LXW_ALIGN_VERTICAL_TOP);
	w->label_sub = fmt_new(w, 1, 10, 0);
	format_set_bg_color(w->label_sub, 0xF2F2F2);
	format_set_bottom(w->label_sub, LXW_BORDER_THIN);
	format_set_text_wrap(w->label_sub);
	w->label_bold = fmt_new(w, 1, 10, 0);
	format_set_top(w->label_bold, LXW_BORDER_THIN);
	format_set_bottom(w->label_bold, LXW_BORDER_DOUBLE);
	format_set_bg_color(w->label_bold, 0xE7E6E6);
	w->heading = fmt_new(w, 1, 10, 1);
	format_set_bg_color(w->heading, 0xFFF2CC);
	format_set_text_wrap(w->heading);
	format_set_align(w->heading, LXW_ALIGN_VERTICAL_CENTER);
	w->note = fmt_new(w, 0, 9, 1);
	format_set_font_color(w->note, 0x595959);
	format_set_text_wrap(w->note);
	format_set_align(w->note, LXW_ALIGN_VERTICAL_TOP);
	w->text = fmt_new(w, 0, 10, 0);
	format_set_text_wrap(w->text);
	format_set_align(w->text, LXW_ALIGN_VERTICAL_TOP);
	w->key = fmt_new(w, 1, 10, 0);
	format_set_align(w->key, LXW_ALIGN_VERTICAL_TOP);
	w->value_text = fmt_new(w, 0, 10, 0);
	format_set_align(w->value_text, LXW_ALIGN_LEFT);
	format_set_text_wrap(w->value_text);
	format_set_align(w->value_text, LXW_ALIGN_VERTICAL_TOP);
	w->hash = fmt_new(w, 0, 9, 0);
	format_set_font_name(w->hash, "Consolas");
	w->date = fmt_new(w, 0, 10, 0);
	format_set_num_format(w->date, "dd.mm.yyyy");
	format_set_align(w->date, LXW_ALIGN_LEFT);
	w->datetime = fmt_new(w, 0, 10, 0);
	format_set_num_format(w->datetime, "dd.mm.yyyy hh:mm");
	format_set_align(w->datetime, LXW_ALIGN_LEFT);
	for (int f = 0; f < 6; f++)
		for (int lv = 0; lv < 3; lv++) {
			lxw_format *x = fmt_new(w, lv > 0, 10, 0);
			format_set_num_format(x, num_format((rep_fmt)f));
			if (lv == 0) {
				format_set_bottom(x, LXW_BORDER_HAIR);
				format_set_bottom_color(x, 0xBFBFBF);
			} else if (lv == 1) {
				format_set_bg_color(x, 0xF2F2F2);
				format_set_bottom(x, LXW_BORDER_THIN);
			} else {
				format_set_top(x, LXW_BORDER_THIN);
				format_set_bottom(x, LXW_BORDER_DOUBLE);
				format_set_bg_color(x, 0xE7E6E6);
			}
			w->num[f][lv] = x;
		}
	for (int lv = 0; lv < 3; lv++) {
		lxw_format *x = fmt_new(w, lv > 0, 10, 0);
		format_set_align(x, LXW_ALIGN_RIGHT);
		if (lv == 2) {
			format_set_top(x, LXW_BORDER_THIN);
			format_set_bottom(x, LXW_BORDER_DOUBLE);
			format_set_bg_color(x, 0xE7E6E6);
		} else if (lv == 1) {
			format_set_bg_color(x, 0xF2F2F2);
			format_set_bottom(x, LXW_BORDER_THIN);
		} else {
			format_set_bottom(x, LXW_BORDER_HAIR);
			format_set_bottom_color(x, 0xBFBFBF);
		}
		w->mark[lv] = x;
	}
}

/* ---- sheets ---- */

static void page_setup(wctx *w, sheet *s, const char *what)
{
	const rep_model *m = w->m;
	char t[260], h[600], f[600], per[64];
	hf_escape(t, sizeof t, m->def->title);
	cus__rep_period_label(&m->period, per, sizeof per);
	snprintf(h, sizeof h, "&L&8Centrum Usług Społecznych w Milanówku&R&8%s", t);
	char wt[200];
	hf_escape(wt, sizeof wt, what);
	snprintf(f, sizeof f, "&L&8%s – %s&C&8Strona &P z &N&R&8Wygenerowano %.2s.%.2s.%.4s", per, wt,
		m->generated + 8, m->generated + 5, m->generated);
	worksheet_set_landscape(s->ws);
	worksheet_set_paper(s->ws, 9);
	worksheet_fit_to_pages(s->ws, 1, 0);
	worksheet_set_margins(s->ws, 0.5, 0.5, 0.7, 0.7);
	worksheet_set_header(s->ws, h);
	worksheet_set_footer(s->ws, f);
	worksheet_gridlines(s->ws, LXW_SHOW_SCREEN_GRIDLINES);
}

static void sheet_title(wctx *w, sheet *s, const char *title)
{
	char per[64], line[400];
	put_text(w, s, 0, 0, title, w->title, 0);
	worksheet_set_row(s->ws, 0, 24, NULL);
	cus__rep_period_label(&w->m->period, per, sizeof per);
	snprintf(line, sizeof line, "%s — %s (%c%c.%c%c.%.4s – %c%c.%c%c.%.4s)", w->m->def->title, per,
		w->m->period.first[8], w->m->period.first[9], w->m->period.first[5], w->m->period.first[6],
		w->m->period.first, w->m->period.last[8], w->m->period.last[9], w->m->period.last[5],
		w->m->period.last[6], w->m->period.last);
	put_text(w, s, 1, 0, line, w->subtitle, 0);
	s->row = 3;
}

/* A paragraph across columns 0..last, its height from its length. */
static void paragraph(wctx *w, sheet *s, const char *text, lxw_format *f, lxw_col_t last, double chars_per_line)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		n += (*p & 0xC0) != 0x80;
	double lines = ceil((double)n / chars_per_line);
	for (const char *p = text; *p; p++)
		lines += *p == '\n';
	if (lines < 1)
		lines = 1;
	worksheet_set_row(s->ws, s->row, 13.5 * lines + 3, NULL);
	if (last > 0) {
		size_t len = strlen(text);
		if (len <= 32767 && cus__utf8_valid(text, len))
			worksheet_merge_range(s->ws, s->row, 0, s->row, last, text, f);
		else
			w->bad = 1;
	} else {
		put_text(w, s, s->row, 0, text, f, 0);
	}
	s->row++;
}

static double number_of(const rep_cell *x)
{
	double v = 0;
	if (x->kind == CELL_INT)
		v = (double)x->num;
	else if (x->kind == CELL_RATIO)
		v = x->den ? (double)x->num * (double)x->factor / (double)x->den : 0;
	switch (x->fmt) {
	case REP_FMT_MONEY: case REP_FMT_PERCENT: case REP_FMT_UNITS: return v / 100.0;
	default: return v;
	}
}

static void put_cell(wctx *w, sheet *s, lxw_row_t r, lxw_col_t c, const rep_cell *x, int lv)
{
	if (lv < 0)
		lv = 0;
	switch (x->kind) {
	case CELL_SUPPRESSED: put_text(w, s, r, c, "x", w->mark[lv], 0); break;
	case CELL_NA: put_text(w, s, r, c, "\xE2\x80\x93", w->mark[lv], 0); break;
	case CELL_EMPTY: worksheet_write_blank(s->ws, r, c, w->mark[lv]); break;
	default: put_number(s, r, c, number_of(x), w->num[x->fmt][lv], x->fmt == REP_FMT_MONEY ? 17 : 11); break;
	}
}

static int chart_type(rep_chart_type t)
{
	switch (t) {
	case REP_CHART_BAR: return LXW_CHART_BAR;
	case REP_CHART_PIE: return LXW_CHART_PIE;
	case REP_CHART_LINE: return LXW_CHART_LINE;
	default: return LXW_CHART_COLUMN;
	}
}

/* The chart of a table whose header is at hrow, data rows r0..r1, label
 * column lc; series are the value columns cols[]. */
static void chart(wctx *w, sheet *s, const rep_table *t, const rep_chart *ch, lxw_row_t hrow, lxw_row_t r0,
	lxw_row_t r1, lxw_col_t lc, const lxw_col_t *cols, size_t ncols)
{
	if (ch->type == REP_CHART_NONE || r1 < r0 || !ncols)
		return;
	lxw_chart *c = workbook_add_chart(w->wb, (uint8_t)chart_type(ch->type));
	if (!c)
		return;
	for (size_t i = 0; i < ncols; i++) {
		lxw_chart_series *se = chart_add_series(c, NULL, NULL);
		chart_series_set_categories(se, s->name, r0, lc, r1, lc);
		chart_series_set_values(se, s->name, r0, cols[i], r1, cols[i]);
		chart_series_set_name_range(se, s->name, hrow, cols[i]);
		if (ch->type == REP_CHART_PIE) {
			chart_series_set_labels(se);
			chart_series_set_labels_options(se, LXW_FALSE, LXW_FALSE, LXW_FALSE);
			chart_series_set_labels_percentage(se);
		}
		if (ch->type == REP_CHART_LINE)
			chart_series_set_marker_type(se, LXW_CHART_MARKER_AUTOMATIC);
	}
	chart_title_set_name(c, ch->title ? ch->title : t->title);
	chart_title_set_name_font(c, &(lxw_chart_font){ .size = 11, .bold = LXW_TRUE });
	chart_legend_set_position(c, ncols > 1 || ch->type == REP_CHART_PIE ? LXW_CHART_LEGEND_BOTTOM :
		LXW_CHART_LEGEND_NONE);
	if (ch->type != REP_CHART_PIE) {
		lxw_chart_axis *val = ch->type == REP_CHART_BAR ? c->x_axis : c->y_axis;
		chart_axis_set_num_font(val, &(lxw_chart_font){ .size = 8 });
		lxw_chart_axis *cat = ch->type == REP_CHART_BAR ? c->y_axis : c->x_axis;
		chart_axis_set_num_font(cat, &(lxw_chart_font){ .size = 8 });
		if (ch->type == REP_CHART_BAR)
			chart_axis_set_reverse(cat);
		chart_axis_major_gridlines_set_visible(val, LXW_TRUE);
		const char *nf = num_format(t->cols[(size_t)cols[0] - 1 < t->ncols ? (size_t)cols[0] - 1 : 0].fmt);
		chart_axis_set_num_format(val, strstr(nf, "z\xC5\x82") ? "#,##0\\ [$z\xC5\x82-415]" :
			strchr(nf, '%') ? "0%" : "#,##0");
	}
	size_t nrows = r1 - r0 + 1;
	double ys = ch->type == REP_CHART_BAR && nrows > 12 ? 1.0 + (double)(nrows - 12) * 0.06 : 1.1;
	if (ys > 3)
		ys = 3;
	lxw_chart_options o = { 0 };
	o.x_offset = 4;
	o.y_offset = 4;
	o.x_scale = 1.6;
	o.y_scale = ys;
	worksheet_insert_chart_opt(s->ws, s->row, 0, c, &o);
	s->row += (lxw_row_t)ceil(CHART_ROWS * ys / 1.1) + 1;
	w->charts++;
}

static void table(wctx *w, sheet *s, const rep_table *t, int freeze)
{
	const rep_block *b = t->blk;
	lxw_col_t lc = 1;       /* the first value column */
	if (s->row > 6 && s->nbreaks < REP__MAX_BLOCKS)
		s->breaks[s->nbreaks++] = s->row;   /* each table with its chart on a page of its own */
	put_text(w, s, s->row++, 0, t->title, w->h2, 0);
	if (b->note)
		paragraph(w, s, b->note, w->note, lc + (lxw_col_t)t->ncols - 1 > 5 ? lc + (lxw_col_t)t->ncols - 1 : 5,
			100);
	/* header */
	lxw_row_t hrow = s->row;
	const char *rowhead = "";
	char hb[200];
	if (b->kind == REP_TABLE) {
		if (b->nrows == 2)
			snprintf(hb, sizeof hb, "%s / %s", cus__rep_dim_name(b->rows[0]), cus__rep_dim_name(b->rows[1]));
		else
			snprintf(hb, sizeof hb, "%s", cus__rep_dim_name(b->rows[0]));
		rowhead = hb;
	} else if (b->kind == REP_BUDGET) {
		static const char *const h[] = { "", "Źródło finansowania", "Projekt", "Klasyfikacja budżetowa",
			"Obszar usług", "Usługa", "Dział", "Rozdział", "Paragraf" };
		rowhead = h[b->budget_by];
	} else if (b->kind == REP_STRUCTURE) {
		rowhead = b->structure_of ? "Źródła finansowania" : "Rodzaj wydatków";
	} else if (b->kind == REP_INDICATORS) {
		rowhead = "Wskaźnik";
	}
	put_text(w, s, hrow, 0, rowhead, w->head, 0);
	double hh = 1;
	for (size_t k = 0; k < t->ncols; k++) {
		put_text(w, s, hrow, lc + (lxw_col_t)k, t->cols[k].label, w->head, 0);
		size_t n = 0, word = 0, longest = 0;
		for (const unsigned char *p = (const unsigned char *)t->cols[k].label; *p; p++)
			if ((*p & 0xC0) != 0x80) {
				n++;
				word = *p == ' ' ? 0 : word + 1;
				if (word > longest)
					longest = word;
			}
		double want = (double)longest + 2 > 12 ? (double)longest + 2 : 12;
		if (want > 24)
			want = 24;
		if (want > s->width[lc + k])
			s->width[lc + k] = want;
		double lines = ceil((double)n / (s->width[lc + k] - 1));
		if (lines > hh)
			hh = lines;
	}
	worksheet_set_row(s->ws, hrow, 14 * hh + 4, NULL);
	s->row++;
	if (freeze && !s->frozen) {
		worksheet_freeze_panes(s->ws, s->row, 0);
		worksheet_repeat_rows(s->ws, hrow, hrow);
		s->frozen = 1;
	}
	/* rows */
	lxw_row_t first = s->row, last_data = s->row;
	int any_data = 0;
	for (size_t r = 0; r < t->nrows; r++) {
		const rep_row *row = &t->rows[r];
		lxw_row_t at = s->row++;
		int lv = row->level;
		lxw_format *lf = lv == 2 ? w->label_bold : lv == 1 ? w->label_sub : lv < 0 ? w->heading : w->label;
		if (lv < 0) {
			size_t len = strlen(row->label);
			worksheet_set_row(s->ws, at, 27, NULL);
			lxw_format *hf = w->heading;
			if (len <= 32767 && cus__utf8_valid(row->label, len))
				worksheet_merge_range(s->ws, at, 0, at, lc + (lxw_col_t)t->ncols - 1, row->label, hf);
			continue;
		}
		put_text(w, s, at, 0, lv == 0 && b->kind == REP_TABLE && b->nrows == 2 ? "" : row->label, lf, 0);
		if (lv == 0 && b->kind == REP_TABLE && b->nrows == 2) {
			char ind[700];
			snprintf(ind, sizeof ind, "   %s", row->label);
			put_text(w, s, at, 0, ind, lf, 1);
		} else {
			put_text(w, s, at, 0, row->label, lf, 1);
		}
		size_t chars = 0;
		for (const unsigned char *p = (const unsigned char *)row->label; *p; p++)
			chars += (*p & 0xC0) != 0x80;
		if (chars > LABEL_MAX_WIDTH + 6)   /* Calibri 10 fits about 1.1 characters per unit of width */
			worksheet_set_row(s->ws, at, 13.5 * ceil((double)chars / (LABEL_MAX_WIDTH + 4)) + 2, NULL);
		for (size_t k = 0; k < t->ncols; k++)
			put_cell(w, s, at, lc + (lxw_col_t)k, &t->cells[r * t->ncols + k], lv);
		if (lv == 0) {
			any_data = 1;
			last_data = at;
		}
	}
	if (t->note)
		paragraph(w, s, t->note, w->note, lc + (lxw_col_t)t->ncols - 1 > 5 ? lc + (lxw_col_t)t->ncols - 1 : 5, 100);
	s->row++;
	/* chart: the data rows (up to the first subtotal or total) */
	if (b->chart.type != REP_CHART_NONE && any_data) {
		lxw_row_t r1 = first;
		while (r1 - first + 1 < t->nrows && t->rows[r1 - first + 1].level == 0)
			r1++;
		(void)last_data;
		lxw_col_t cols[REP__MAX_VALUES];
		size_t n = 0;
		if (b->kind == REP_TABLE && b->ncols) {
			for (size_t k = 0; k < t->ncols && n < REP__MAX_VALUES; k++)
				if (t->cols[k].chartable)
					cols[n++] = lc + (lxw_col_t)k;
		} else if (b->kind == REP_TABLE) {
			size_t per = b->compare ? 3 : 1;
			if (!b->chart.nseries)
				cols[n++] = lc;
			for (size_t i = 0; i < b->chart.nseries; i++) {
				cols[n++] = lc + (lxw_col_t)(b->chart.series[i] * per);
				if (b->compare && n < REP__MAX_VALUES)
					cols[n++] = lc + (lxw_col_t)(b->chart.series[i] * per + 1);
			}
			if (!b->chart.nseries && b->compare)
				cols[n++] = lc + 1;
		} else {
			/* budget and structure: columns by name */
			int order[8];
			size_t nc = 0;
			if (b->kind == REP_STRUCTURE) {
				for (int i = 0; i < 4; i++)
					order[nc++] = i;
			} else {
				for (int i = 0; i < 7; i++)
					if (b->budget_cols & (1u << i))
						order[nc++] = i;
			}
			size_t want[8];
			size_t nw = 0;
			if (b->chart.nseries) {
				for (size_t i = 0; i < b->chart.nseries; i++)
					want[nw++] = b->chart.series[i];
			} else if (b->chart.type == REP_CHART_PIE) {
				want[nw++] = 1;
			} else {
				want[nw++] = 0;
				want[nw++] = 1;
			}
			for (size_t i = 0; i < nw; i++)
				for (size_t k = 0; k < nc; k++)
					if ((size_t)order[k] == want[i])
						cols[n++] = lc + (lxw_col_t)k;
		}
		/* a chart of nothing but suppressed cells would draw zeros: leave it out */
		int drawable = 0, hidden = 0;
		for (size_t i = 0; i < n && !drawable; i++)
			for (lxw_row_t r = first; r <= r1 && !drawable; r++) {
				cell_kind kd = t->cells[(size_t)(r - first) * t->ncols + (size_t)(cols[i] - lc)].kind;
				hidden |= kd == CELL_SUPPRESSED;
				drawable = (kd == CELL_INT || kd == CELL_RATIO) && t->cells[(size_t)(r - first) * t->ncols + (size_t)(cols[i] - lc)].num != 0;
			}
		if (drawable)
			chart(w, s, t, &b->chart, hrow, first, r1, 0, cols, n);
		else
			paragraph(w, s, hidden ? "Wykres pominięty: wartości są ukryte (tajemnica statystyczna)." :
				"Wykres pominięty: brak danych w okresie.", w->note, 5, 100);
	}
}

static void finish_sheet(sheet *s, lxw_col_t used)
{
	if (s->nbreaks) {
		s->breaks[s->nbreaks] = 0;
		worksheet_set_h_pagebreaks(s->ws, s->breaks);
	}
	for (lxw_col_t c = 0; c < MAXCOL && c <= used; c++) {
		double wdt = s->width[c] < 8 ? 8 : s->width[c];
		if (c == 0 && wdt > LABEL_MAX_WIDTH)
			wdt = LABEL_MAX_WIDTH;
		if (c > 0 && wdt > 40)
			wdt = 40;
		worksheet_set_column(s->ws, c, c, wdt, NULL);
	}
}

static lxw_datetime dt_of(const char *iso)
{
	lxw_datetime d = { 0 };
	d.year = atoi(iso);
	d.month = atoi(iso + 5);
	d.day = atoi(iso + 8);
	if (strlen(iso) >= 16) {
		d.hour = atoi(iso + 11);
		d.min = atoi(iso + 14);
	}
	return d;
}

static void kv(wctx *w, sheet *s, const char *k, const char *v, lxw_format *f)
{
	put_text(w, s, s->row, 0, k, w->key, 1);
	put_text(w, s, s->row, 1, v, f ? f : w->value_text, 0);
	s->row++;
}

static void cover(wctx *w, sheet *s)
{
	const rep_model *m = w->m;
	put_text(w, s, 0, 0, "Centrum Usług Społecznych w Milanówku", w->subtitle, 0);
	put_text(w, s, 2, 0, m->def->title, w->title, 0);
	worksheet_set_row(s->ws, 2, 26, NULL);
	s->row = 3;
	if (m->def->subtitle)
		put_text(w, s, s->row++, 0, m->def->subtitle, w->subtitle, 0);
	s->row++;
	char per[64], buf[600];
	cus__rep_period_label(&m->period, per, sizeof per);
	kv(w, s, "Okres sprawozdawczy", per, NULL);
	put_text(w, s, s->row, 0, "Od dnia", w->key, 1);
	lxw_datetime d = dt_of(m->period.first);
	worksheet_write_datetime(s->ws, s->row++, 1, &d, w->date);
	put_text(w, s, s->row, 0, "Do dnia", w->key, 1);
	d = dt_of(m->period.last);
	worksheet_write_datetime(s->ws, s->row++, 1, &d, w->date);
	put_text(w, s, s->row, 0, "Wygenerowano (UTC)", w->key, 1);
	d = dt_of(m->generated);
	d.sec = atoi(m->generated + 17);
	worksheet_write_datetime(s->ws, s->row++, 1, &d, w->datetime);
	kv(w, s, "Odbiorcy", m->def->is_public ? "publiczny – Biuletyn Informacji Publicznej (dane zagregowane, "
		"chronione tajemnicą statystyczną)" : "wewnętrzny – nie do publikacji", NULL);
	snprintf(buf, sizeof buf, "%s, wersja %d", m->policy_id[0] ? m->policy_id : "(bez identyfikatora)",
		m->policy_version);
	kv(w, s, "Zasady przetwarzania (polityka)", buf, NULL);
	if (m->policy_name[0])
		kv(w, s, "Nazwa zasad", m->policy_name, NULL);
	kv(w, s, "Skrót zasad (BLAKE2b-256)", m->policy_hash, w->hash);
	kv(w, s, "Skrót danych (SHA-256)", m->snapshot, w->hash);
	snprintf(buf, sizeof buf, "%s (SHA-256 definicji: %.16s…)", m->def->code, m->def->sha256);
	kv(w, s, "Definicja raportu", buf, NULL);
	snprintf(buf, sizeof buf, "%zu komórek z danymi%s", m->cells, m->def->is_public ? "" : "");
	kv(w, s, "Zakres danych", buf, NULL);
	if (m->def->is_public) {
		snprintf(buf, sizeof buf, "liczebności mniejsze niż %d oraz komórki pozwalające je odtworzyć są "
			"oznaczone „x” (%zu komórek)", m->k, m->suppressed);
		kv(w, s, "Tajemnica statystyczna", buf, NULL);
	}
	kv(w, s, "Opracowanie", "Centrum Usług Społecznych w Milanówku (libcus " CUS_VERSION_STRING ")", NULL);
	s->row++;
	put_text(w, s, s->row++, 0, "Zawartość", w->h2, 0);
	for (size_t i = 0; i < m->nsheets; i++) {
		const rep_sheet *sh = m->sheets[i].sheet;
		kv(w, s, sh->name, sh->title ? sh->title : sh->name, NULL);
	}
	kv(w, s, "Metodologia", "Definicje wskaźników, zasady liczenia, ochrona danych, skrót danych", NULL);
	if (m->def->notes) {
		s->row++;
		put_text(w, s, s->row++, 0, "Uwagi", w->h2, 0);
		paragraph(w, s, m->def->notes, w->text, 1, 120);
	}
	s->width[1] = 90;
	if (s->width[0] < 30)
		s->width[0] = 30;
	worksheet_set_column(s->ws, 0, 0, s->width[0], NULL);
	worksheet_set_column(s->ws, 1, 1, 90, NULL);
}

static const char *const counting[] = {
	"Każda komórka jest obliczana bezpośrednio z rejestrów (świadczenia usług, wnioski i decyzje, indywidualne "
	"plany usług społecznych i ich przeglądy), nigdy z innych komórek.",
	"Osoby i rodziny liczone są bez powtórzeń: osoba korzystająca w okresie z kilku usług liczy się raz w "
	"wierszu „Ogółem” i raz w każdej usłudze; dlatego suma wierszy może być większa niż „Ogółem”.",
	"Wiersze „Ogółem” i „Razem” są obliczane z rejestrów, a nie sumowane z zaokrąglonych ani ukrytych komórek.",
	"Świadczenia, jednostki i koszty liczone są według daty świadczenia; wnioski według daty złożenia, decyzje "
	"według daty decyzji, przeglądy IPUS według terminu przeglądu; IPUS w realizacji – plany obowiązujące w "
	"co najmniej jednym dniu okresu.",
	"Wiek (art. 112 Kodeksu cywilnego), płeć i typ gospodarstwa ustalane są na ostatni dzień okresu. Rodzina = "
	"gospodarstwo domowe; osoba bez gospodarstwa jest odrębną rodziną.",
	"Wskaźniki osiągnięcia celów liczone są narastająco od początku Programu (01.08.2021) do końca okresu.",
	"Budżet: plan to plan finansowy roku, do którego należy okres; wykonanie to wydatki z datą w okresie. "
	"Struktura wydatków: paragrafy 3xxx – świadczenia na rzecz osób fizycznych, wydatki przypisane usłudze – "
	"usługi społeczne, pozostałe – utrzymanie. Kwoty w złotych z dokładnością do grosza.",
	"Zmiana względem poprzedniego okresu: dla liczebności i kwot – zmiana procentowa, dla odsetków – różnica w "
	"punktach procentowych.",
};

static void method(wctx *w, sheet *s)
{
	const rep_model *m = w->m;
	sheet_title(w, s, "Metodologia");
	put_text(w, s, s->row++, 0, "Wskaźniki Programu (z zasad przetwarzania)", w->h2, 0);
	lxw_row_t hrow = s->row;
	static const char *const heads[] = { "Wskaźnik", "Kod", "Kryterium", "Licznik (miara)", "Mianownik",
		"Uwagi" };
	for (lxw_col_t c = 0; c < 6; c++)
		put_text(w, s, hrow, c, heads[c], w->head, 1);
	s->row++;
	worksheet_freeze_panes(s->ws, s->row, 0);
	worksheet_repeat_rows(s->ws, hrow, hrow);
	const rep_table *t = &m->method_indicators;
	for (size_t r = 0; r < t->nrows; r++) {
		put_text(w, s, s->row, 0, t->rows[r].label, w->label, 1);
		const char *p = t->rows[r].key;
		for (lxw_col_t c = 1; c < 6 && p; c++) {
			const char *e = strchr(p, '\x1f');
			char buf[700];
			snprintf(buf, sizeof buf, "%.*s", e ? (int)(e - p) : (int)strlen(p), p);
			put_text(w, s, s->row, c, buf, w->label, 1);
			p = e ? e + 1 : NULL;
		}
		s->row++;
	}
	s->row++;
	put_text(w, s, s->row++, 0, "Kryteria ewaluacji (Program, rozdz. 8)", w->h2, 0);
	static const char *const crit[] = { "relevance", "efficiency", "effectiveness", "impact", "sustainability" };
	for (size_t i = 0; i < 5; i++) {
		put_text(w, s, s->row, 0, cus__rep_criterion_name(crit[i]), w->key, 0);
		worksheet_merge_range(s->ws, s->row, 1, s->row, 5, cus__rep_criterion_description(crit[i]), w->text);
		worksheet_set_row(s->ws, s->row, 28, NULL);
		s->row++;
	}
	s->row++;
	put_text(w, s, s->row++, 0, "Zasady liczenia", w->h2, 0);
	for (size_t i = 0; i < sizeof counting / sizeof counting[0]; i++)
		paragraph(w, s, counting[i], w->text, 5, 140);
	s->row++;
	put_text(w, s, s->row++, 0, "Ochrona danych osobowych i tajemnica statystyczna", w->h2, 0);
	char buf[1600];
	if (m->def->is_public)
		snprintf(buf, sizeof buf, "Raport publiczny zawiera wyłącznie dane zagregowane; nie zawiera imion, "
			"nazwisk, numerów PESEL, adresów ani innych danych pozwalających zidentyfikować osobę. Komórki o "
			"liczebności od 1 do %d (próg z zasad lub definicji raportu) są ukryte (ochrona pierwotna), a "
			"dodatkowo ukryte są komórki, z których ukrytą wartość można by obliczyć z sum wierszy i kolumn "
			"(ochrona wtórna, sprawdzana dokładnie). Ten sam wzór ukrycia stosuje się do wszystkich okresów "
			"jednej tabeli. Liczby świadczeń i wniosków ukrywa się także tam, gdzie dotyczą mniej niż %d osób. "
			"Odsetki ukrywa się, gdy licznik lub mianownik jest ukryty. Wartość ukryta oznaczona jest „x”; "
			"„–” oznacza brak wartości (np. dzielenie przez zero).", m->k - 1, m->k);
	else
		snprintf(buf, sizeof buf, "Raport wewnętrzny: dane zagregowane bez ukrywania małych liczebności, "
			"przeznaczone dla Dyrektora CUS i organów Gminy. Nie zawiera danych osobowych, ale małe liczebności "
			"mogą pozwolić rozpoznać osobę – raport nie jest przeznaczony do publikacji (wersję publiczną "
			"przygotowuje definicja council-public). „–” oznacza brak wartości (np. dzielenie przez zero).");
	paragraph(w, s, buf, w->text, 5, 140);
	s->row++;
	put_text(w, s, s->row++, 0, "Skrót danych (SHA-256)", w->h2, 0);
	paragraph(w, s, "Skrót danych na okładce to SHA-256 z kanonicznego zapisu każdej opublikowanej komórki z "
		"danymi, w kolejności arkuszy, tabel, wierszy i kolumn. Zapis: ciąg pól, każde poprzedzone 4-bajtową "
		"długością (big-endian): „cus-report-snapshot/1”, kod raportu, okres, skrót zasad, a następnie dla każdej "
		"komórki: nazwa arkusza, numer tabeli („arkusz.tabela”), klucz wiersza (np. „area=family_support”, „*” "
		"dla sumy), klucz kolumny (np. „persons_served@2022”) i wartość: liczba całkowita (kwoty w groszach), "
		"„licznik/mianownik*mnożnik” dla ilorazów, „x” dla komórki ukrytej, „-” dla braku wartości. Kolumny "
		"zmian oraz czas wygenerowania nie wchodzą do skrótu. Te same dane i zasady dają ten sam skrót "
		"(docs/REPORTS.md).", w->text, 5, 140);
	s->width[0] = s->width[0] > 50 ? 50 : s->width[0];
	for (int c = 1; c < 6; c++)
		if (s->width[c] > 45)
			s->width[c] = 45;
	finish_sheet(s, 5);
}

int cus__rep_write(const rep_model *m, const char *path, int constant_memory, size_t *charts)
{
	lxw_workbook_options o = { 0 };
	o.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
	wctx w;
	memset(&w, 0, sizeof w);
	w.m = m;
	if (!(w.wb = workbook_new_opt(path, &o)))
		return cus__error(CUS_EIO, M, "out", "cannot create the workbook");
	formats(&w);
	lxw_doc_properties props = { 0 };
	char subject[120], per[64];
	cus__rep_period_label(&m->period, per, sizeof per);
	snprintf(subject, sizeof subject, "%s (%s)", per, m->period.name);
	props.title = m->def->title;
	props.subject = subject;
	props.author = "Centrum Usług Społecznych w Milanówku";
	props.company = "Centrum Usług Społecznych w Milanówku";
	props.manager = "Dyrektor Centrum Usług Społecznych";
	props.category = m->def->is_public ? "Informacja publiczna" : "Sprawozdanie wewnętrzne";
	props.keywords = "usługi społeczne, Milanówek, sprawozdanie, Program usług społecznych";
	char comments[200];
	snprintf(comments, sizeof comments, "Skrót danych SHA-256: %s", m->snapshot);
	props.comments = comments;
	struct tm tm = { 0 };
	tm.tm_year = atoi(m->generated) - 1900;
	tm.tm_mon = atoi(m->generated + 5) - 1;
	tm.tm_mday = atoi(m->generated + 8);
	tm.tm_hour = atoi(m->generated + 11);
	tm.tm_min = atoi(m->generated + 14);
	tm.tm_sec = atoi(m->generated + 17);
	props.created = timegm(&tm);
	workbook_set_properties(w.wb, &props);

	sheet cs = { 0 };
	cs.name = "Okładka";
	cs.ws = workbook_add_worksheet(w.wb, cs.name);
	sheet *sheets = calloc(m->nsheets, sizeof *sheets);
	sheet ms = { 0 };
	int rc = sheets && cs.ws ? 0 : cus__error(CUS_ENOMEM, M, NULL, "out of memory");
	for (size_t i = 0; !rc && i < m->nsheets; i++) {
		sheets[i].name = m->sheets[i].sheet->name;
		if (!(sheets[i].ws = workbook_add_worksheet(w.wb, sheets[i].name)))
			rc = cus__error(CUS_EINVAL, M, "definition", "the sheet name '%s' is not accepted", sheets[i].name);
	}
	ms.name = "Metodologia";
	if (!rc && !(ms.ws = workbook_add_worksheet(w.wb, ms.name)))
		rc = cus__error(CUS_ERROR, M, NULL, "cannot add the methodology sheet");
	if (!rc) {
		page_setup(&w, &cs, "Okładka");
		worksheet_set_portrait(cs.ws);
		cover(&w, &cs);
		for (size_t i = 0; i < m->nsheets; i++) {
			sheet *s = &sheets[i];
			const rep_sheet_out *so = &m->sheets[i];
			page_setup(&w, s, s->name);
			sheet_title(&w, s, so->sheet->title ? so->sheet->title : so->sheet->name);
			lxw_col_t used = 1;
			for (size_t j = 0; j < so->ntables; j++) {
				const rep_table *t = &so->tables[j];
				lxw_col_t u = (lxw_col_t)t->ncols + (t->blk->kind == REP_TABLE && t->blk->nrows == 2 ? 2 : 1);
				if (u > used)
					used = u;
			}
			if (used < 6)
				used = 6;
			for (size_t j = 0; j < so->ntables; j++) {
				const rep_table *t = &so->tables[j];
				if (t->blk->kind == REP_TEXT) {
					paragraph(&w, s, t->blk->text, w.text, used - 1, 16.0 * (double)used);
					s->row++;
				} else {
					size_t ntab = 0;
					for (size_t k = 0; k < so->ntables; k++)
						ntab += so->tables[k].blk->kind != REP_TEXT;
					table(&w, s, t, ntab == 1);
				}
			}
			if (!s->frozen)
				worksheet_freeze_panes(s->ws, 2, 0);
			finish_sheet(s, used);
		}
		page_setup(&w, &ms, "Metodologia");
		method(&w, &ms);
		workbook_set_custom_property_string(w.wb, "Skrót danych (SHA-256)", (char *)m->snapshot);
		workbook_set_custom_property_string(w.wb, "Okres", (char *)m->period.name);
	}
	lxw_error e = workbook_close(w.wb);
	free(sheets);
	if (rc)
		return rc;
	if (e != LXW_NO_ERROR)
		return cus__error(CUS_EIO, M, "out", "cannot write the workbook: %s", lxw_strerror(e));
	if (w.bad)
		return cus__error(CUS_ERROR, M, NULL, "a text was not valid UTF-8 and was left out");
	if (charts)
		*charts = w.charts;
	return 0;
}
