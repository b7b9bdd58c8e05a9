#!/usr/bin/env python3
"""A minimal SMTP receiver for the tests: one session on 127.0.0.1.

Usage: smtp_receiver.py PORTFILE OUTFILE
Writes the port it listens on to PORTFILE, takes one mail (EHLO, AUTH
PLAIN, MAIL, RCPT, DATA, QUIT), and writes OUTFILE as JSON: {from, to,
user, subject, content_type, parts: [{type, text}]}.  Not a mail server:
only what libcurl's SMTP client sends.
"""
import base64
import email
import email.policy
import json
import socket
import sys


def serve(portfile, outfile):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(('127.0.0.1', 0))
    srv.listen(1)
    with open(portfile + '.tmp', 'w') as f:
        f.write(str(srv.getsockname()[1]))
    import os
    os.rename(portfile + '.tmp', portfile)
    srv.settimeout(60)
    conn, _ = srv.accept()
    conn.settimeout(30)
    rf = conn.makefile('rb')
    out = {'from': None, 'to': [], 'user': None}

    def say(line):
        conn.sendall(line.encode() + b'\r\n')

    say('220 localhost test receiver')
    while True:
        line = rf.readline()
        if not line:
            break
        cmd = line.decode('utf-8', 'replace').rstrip('\r\n')
        verb = cmd.split(' ', 1)[0].upper()
        if verb in ('EHLO', 'HELO'):
            say('250-localhost')
            say('250-AUTH PLAIN')
            say('250 8BITMIME')
        elif verb == 'AUTH':
            parts = cmd.split(' ')
            if len(parts) < 3:
                say('334 ')
                parts.append(rf.readline().decode().strip())
            fields = base64.b64decode(parts[2]).split(b'\0')
            out['user'] = fields[1].decode() if len(fields) > 1 else None
            say('235 ok')
        elif verb == 'MAIL':
            out['from'] = cmd.split(':', 1)[1].strip().strip('<>').split('>')[0]
            say('250 ok')
        elif verb == 'RCPT':
            out['to'].append(cmd.split(':', 1)[1].strip().strip('<>'))
            say('250 ok')
        elif verb == 'DATA':
            say('354 go on')
            data = b''
            while True:
                chunk = rf.readline()
                if chunk in (b'.\r\n', b''):
                    break
                if chunk.startswith(b'..'):
                    chunk = chunk[1:]
                data += chunk
            msg = email.message_from_bytes(data, policy=email.policy.default)
            out['subject'] = str(msg['subject'])
            out['content_type'] = msg.get_content_type()
            out['parts'] = [{'type': p.get_content_type(), 'text': p.get_content()}
                            for p in msg.iter_parts()] if msg.is_multipart() else []
            say('250 queued')
        elif verb == 'QUIT':
            say('221 bye')
            break
        else:
            say('250 ok')
    conn.close()
    with open(outfile, 'w') as f:
        json.dump(out, f)


if __name__ == '__main__':
    serve(sys.argv[1], sys.argv[2])
