/*
 * text.h: normalising people's names and folding them into search keys.
 *
 * Input is UTF-8 as typed in Iran and Vietnam: Arabic letters from Arabic
 * keyboard layouts, Persian or Arabic-Indic digits, Vietnamese typed with
 * combining tone marks, invisible marks pasted from word processors. Names
 * are stored normalised (text_normalize_name) and found by a folded key
 * (text_fold) compared byte-wise.
 *
 * All functions are thread-safe and allocate nothing; the work is done in
 * fixed stack buffers (about 8 KiB), so input of more than TEXT_MAX_UNITS
 * UTF-16 code units (characters, for all but the rarest scripts) is
 * ERR_TOOLARGE, and so is text that decomposition or case folding grows
 * past four times that. On any error out is "" (when outlen > 0).
 */
#ifndef TABULA_DOMAIN_TEXT_H
#define TABULA_DOMAIN_TEXT_H

#include "core/err.h"

#define TEXT_MAX_UNITS 511

/*
 * A person's name as stored: valid UTF-8 required (ERR_INVALID otherwise);
 * Unicode NFC; Arabic yeh U+064A and alef maksura U+0649 become Persian yeh
 * U+06CC, Arabic kaf U+0643 Persian kaf U+06A9; Persian and Arabic-Indic
 * digits become ASCII; control characters and invisible format characters
 * (bidi marks and embeddings, zero-width space, BOM, soft hyphen) are
 * removed; white space (any Unicode White_Space, NBSP included) collapses to
 * one ASCII space and is trimmed at both ends. ZWNJ U+200C is kept, but one
 * of a run, and none next to a space or at either end. The result may be ""
 * (the caller decides whether that is allowed). ERR_TOOLARGE if the result
 * does not fit in outlen bytes with its NUL.
 */
int text_normalize_name(const char *in, char *out, size_t outlen);

/*
 * The search key of a text: equal keys for a name as stored and as a user
 * types it. Everything text_normalize_name does, then compatibility
 * decomposition (NFKD, so Arabic presentation forms pasted from PDFs and
 * full-width letters fold too), full case folding, removal of combining marks
 * (Mn, Me: Vietnamese tones and vowel marks, Arabic harakat and superscript
 * alef), and these foldings: đ -> d; alef variants آ أ إ ٱ -> ا; ة and ۀ -> ه;
 * ؤ -> و; ئ -> ی; tatweel and ZWJ removed; ZWNJ -> space; spaces collapsed;
 * finally NFC. So "Nguyễn Văn An" and "nguyen van an" give "nguyen van an",
 * and "علي" gives the same key as "علی". Errors as text_normalize_name.
 */
int text_fold(const char *in, char *out, size_t outlen);

/* Copy in with Persian (U+06F0-06F9) and Arabic-Indic (U+0660-0669) digits
 * replaced by ASCII ones, nothing else changed (for ids, dates and grades).
 * ERR_INVALID if in is not valid UTF-8, ERR_TOOLARGE if the result does not
 * fit in outlen bytes with its NUL. */
int text_digits_ascii(const char *in, char *out, size_t outlen);

#endif
