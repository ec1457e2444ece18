/*
 * handlers.h: the HTTP handlers of signed school records (records.c,
 * listing.c), verification (verify.c), the trust list (trust_list.c),
 * signing keys (signing_keys.c) and the national repository
 * (repository.c).
 */
#ifndef TABULA_API_RECORDS_HANDLERS_H
#define TABULA_API_RECORDS_HANDLERS_H

struct req;

void api_records_list(struct req *r);
void api_records_get(struct req *r);
void api_records_create(struct req *r);
void api_records_create_class(struct req *r);
void api_records_sign(struct req *r);
void api_records_sign_class(struct req *r);
void api_records_seal_school(struct req *r);
void api_records_correct(struct req *r);
void api_verify(struct req *r);
void api_records_qr(struct req *r);
void api_records_share(struct req *r);
void api_public_record(struct req *r);
void api_trust_list(struct req *r);
void api_repository_trust(struct req *r);
void api_repository_submit(struct req *r);
void api_repository_get(struct req *r);
void api_signing_keys_list(struct req *r);
void api_signing_keys_rotate(struct req *r);
void api_signing_keys_revoke(struct req *r);

#endif
