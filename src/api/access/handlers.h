/*
 * handlers.h: the HTTP handlers of access: sign-in (auth.c), staff's
 * accounts (users.c), bulk accounts (accounts.c), guardians (guardians.c)
 * and the audit trail (audit.c).
 */
#ifndef TABULA_API_ACCESS_HANDLERS_H
#define TABULA_API_ACCESS_HANDLERS_H

struct req;

void api_orgs_accounts(struct req *r);
void api_auth_login(struct req *r);
void api_auth_logout(struct req *r);
void api_auth_me(struct req *r);
void api_auth_logout_all(struct req *r);
void api_auth_password(struct req *r);
void api_auth_redeem(struct req *r);
void api_auth_totp_setup(struct req *r);
void api_auth_totp_confirm(struct req *r);
void api_auth_totp_disable(struct req *r);
void api_users_create(struct req *r);
void api_users_list(struct req *r);
void api_users_get(struct req *r);
void api_users_disable(struct req *r);
void api_users_enable(struct req *r);
void api_users_reset_code(struct req *r);
void api_guardians_list(struct req *r);
void api_guardians_add(struct req *r);
void api_guardians_remove(struct req *r);
void api_audit_list(struct req *r);

#endif
