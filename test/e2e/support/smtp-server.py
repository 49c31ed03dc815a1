# A real SMTP server for tests (Debian's python3-aiosmtpd): STARTTLS required before AUTH, one
# user, every accepted message written as JSON into a folder. Prints "ready <port>" when listening.
# Usage: smtp-server.py PORT CERT KEY USER PASSWORD OUTDIR
import json, os, ssl, sys, time, uuid
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, user, password, outdir = sys.argv[1:7]

class Store:
    async def handle_DATA(self, server, session, envelope):
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTos": envelope.rcpt_tos,
            "data": envelope.content.decode("utf8", "replace"),
            "tls": session.ssl is not None,
            "authUser": session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None,
        }
        path = os.path.join(outdir, f"{time.time_ns()}-{uuid.uuid4().hex}.json")
        with open(path + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 OK"

def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(
    Store(), hostname="127.0.0.1", port=int(port), tls_context=context, require_starttls=True,
    authenticator=authenticate, auth_required=True, auth_require_tls=True,
)
controller.start()
print(f"ready {port}", flush=True)
try:
    sys.stdin.read()  # runs until the test closes stdin or kills it
finally:
    controller.stop()
