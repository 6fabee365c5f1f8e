#!/usr/bin/env bash
# Container health probe: GET http://127.0.0.1:<port><path>, healthy only on a 200 status line.
# The aspnet runtime images ship neither curl nor wget, and installing one just for this would grow
# every image and its attack surface, so this speaks the one request it needs over bash's /dev/tcp.
# Usage: http-probe <port> <path>      e.g. http-probe 8000 /health/live
set -euo pipefail

port=$1
path=$2

exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
# A hung server must not hang the probe: Docker's own --timeout kills it too, this just fails faster.
IFS= read -r -t 3 status <&3
[[ $status == "HTTP/1."[01]" 200 "* ]]
