// The names of the settings objects Argo CD keeps in its control namespace (and so do we).
export const ARGOCD_CM = 'argocd-cm';
export const ARGOCD_RBAC_CM = 'argocd-rbac-cm';
export const ARGOCD_SECRET = 'argocd-secret';
export const CMD_PARAMS_CM = 'argocd-cmd-params-cm';
export const NOTIFICATIONS_CM = 'argocd-notifications-cm';
export const NOTIFICATIONS_SECRET = 'argocd-notifications-secret';
export const SSH_KNOWN_HOSTS_CM = 'argocd-ssh-known-hosts-cm';
export const TLS_CERTS_CM = 'argocd-tls-certs-cm';
export const SERVER_TLS_SECRET = 'argocd-server-tls';
/** The repo server's certificate (tls.crt, tls.key) and the CA its callers verify it with (ca.crt). */
export const REPO_SERVER_TLS_SECRET = 'argocd-repo-server-tls';
/** The token shared by a separate repo server and its callers (ADR 0024). */
export const REPO_SERVER_SECRET = 'driftless-repo-server';
