package qga.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Byte counts as df -h writes them: powers of 1024, one decimal below 10, rounded up so a full disk never looks less full. */
final class ByteSize {
    private static final String UNITS = "KMGTPE";
    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);

    private ByteSize() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return Long.toString(bytes);
        }
        BigDecimal value = BigDecimal.valueOf(bytes);
        int unit = -1;
        do {
            // exact: 1024 is a power of two, so the quotient has a finite decimal expansion
            value = value.divide(KIBI);
            unit++;
        } while (value.compareTo(KIBI) >= 0 && unit < UNITS.length() - 1);
        BigDecimal shown = value.setScale(1, RoundingMode.CEILING);
        if (shown.compareTo(BigDecimal.TEN) >= 0) {
            shown = value.setScale(0, RoundingMode.CEILING);
            if (shown.compareTo(KIBI) >= 0 && unit < UNITS.length() - 1) {
                return "1.0" + UNITS.charAt(unit + 1);
            }
        }
        return shown.toPlainString() + UNITS.charAt(unit);
    }

    /** used/total as df's Use%: rounded up; null when the total is unknown or zero. */
    static String percent(Long used, Long total) {
        if (used == null || total == null || total <= 0) {
            return null;
        }
        return BigDecimal.valueOf(used).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(total), 0, RoundingMode.CEILING).toPlainString() + "%";
    }
}
