#!/bin/sh
# make_corpus.sh DIR: a seed corpus for fuzz_loader.
#
# The smallest modules of the local OTP and Elixir installations (they
# exercise every chunk within libFuzzer's input sizes), plus modules
# compiled here from snippets that use each operand form: floats, big
# integers, maps, binaries, funs, receive, try, typed registers.
set -e
out=${1:?usage: make_corpus.sh DIR}
mkdir -p "$out"
root=${GIRDER_OTP_ROOT:-$(erl -noshell -eval 'io:format("~s",[code:root_dir()]),halt().' 2>/dev/null || true)}
if [ -n "$root" ]; then
    # The 150 smallest .beam files under 64 KB.
    find "$root/lib" /usr/lib/elixir/lib -name '*.beam' -size -64k -printf '%s %p\n' 2>/dev/null |
        sort -n | awk 'NR % 3 == 0' | head -150 | while read -r _ f; do
            cp "$f" "$out/$(basename "$(dirname "$(dirname "$f")")")-$(basename "$f")"
        done
fi
if command -v erlc >/dev/null 2>&1; then
    tmp=$(mktemp -d)
    cat > "$tmp/seed_forms.erl" <<'ERL'
-module(seed_forms).
-export([f/1, g/2, h/1, b/1, r/0, t/1]).
f(X) when is_float(X) -> X * 2.5 + 1.0e300;
f(X) when X > 1 bsl 70 -> X - 123456789012345678901234567890;
f(X) when X < -(1 bsl 70) -> -X;
f(#{a := A} = M) -> M#{b => A, c => [1, 2.0, <<"x">>]};
f({A, B}) -> fun(C) -> A + B + C end;
f(L) when is_list(L) -> [E * 2 || E <- L, E > 0].
g(A, B) -> case {A, B} of {1, _} -> one; {_, two} -> 2; _ -> {A, B, "str", 'quoted atom'} end.
h(<<N:8, Rest:N/binary, F:64/float, _/bits>>) -> {Rest, F};
h(<<"prefix", T/binary>>) -> <<T/binary, 16#FFFF:16/little, 1.5:32/float>>;
h(X) -> erlang:error({badarg, X}).
b(X) -> <<X:7, (X + 1):33/signed, (byte_size(<<X>>)):8>>.
r() -> receive {msg, X} -> X after 100 -> timeout end.
t(X) -> try list_to_atom(X) catch error:R:S -> {R, S} after ok end.
ERL
    (cd "$tmp" && erlc seed_forms.erl && cp seed_forms.beam "$out/")
    rm -rf "$tmp"
fi
echo "$(ls "$out" | wc -l) seed files in $out"
