package io.jvde.app.console;

/** C {@code %i}/{@code strtol(s, NULL, 0)} number syntax: {@code 0x10} is 16, {@code 010} is 8, {@code 10} is 10. */
public final class CNumbers {
    private CNumbers() {
    }

    /**
     * Parses the whole of {@code text} with C {@code %i} rules (optional sign, {@code 0x} hex, leading-zero octal).
     *
     * @throws NumberFormatException when the text is not such a number or does not fit an int
     */
    public static int parseInt(final String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        if (s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            radix = 16;
            s = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
            s = s.substring(1);
        }
        if (s.isEmpty() || s.charAt(0) == '-' || s.charAt(0) == '+') {
            throw new NumberFormatException("'" + text + "' (expected: a number such as 10, 0x0a or 012)");
        }
        try {
            final long value = Long.parseLong(s, radix);
            final long signed = negative ? -value : value;
            if (signed < Integer.MIN_VALUE || signed > Integer.MAX_VALUE) {
                throw new NumberFormatException("'" + text + "' (expected: a 32-bit number)");
            }
            return (int) signed;
        } catch (final NumberFormatException e) {
            throw new NumberFormatException("'" + text + "' (expected: a number such as 10, 0x0a or 012)");
        }
    }
}
