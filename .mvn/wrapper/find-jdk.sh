# Shared by ./mvnw and ./vigil: prints the home of a JDK >= 21, preferring JAVA_HOME.
vigil_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}
vigil_find_jdk() {
  local c major
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-*-jdk-* /usr/lib/jvm/java-2[1-9]-openjdk-* \
           /usr/lib/jvm/jdk-2[1-9]* /opt/java/openjdk /usr/local/opt/openjdk /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    major=$(vigil_jdk_major "$c")
    [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null && { echo "$c"; return 0; }
  done
  if command -v javac >/dev/null; then
    c=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    major=$(vigil_jdk_major "$c")
    [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null && { echo "$c"; return 0; }
  fi
  return 1
}
