package dev.knobs.web;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.util.Locale;

/**
 * How a list is asked for: {@code limit} rows from {@code offset}, newest first, optionally only
 * those whose name or id contains {@code q} (any case). The answer is the page; its header {@code
 * X-Total-Count} says how many match in all.
 */
public class Paging {
    public static final String TOTAL = "X-Total-Count";
    static final int MAX = 500;

    @QueryParam("limit")
    @DefaultValue("100")
    int limit;

    @QueryParam("offset")
    @DefaultValue("0")
    int offset;

    @QueryParam("q")
    String q;

    public Paging() {}

    public Paging(int limit, int offset, String q) {
        this.limit = limit;
        this.offset = offset;
        this.q = q;
    }

    /** The checked request; 400 for a limit or offset out of range. */
    public Paging checked() {
        if (limit < 1 || limit > MAX || offset < 0) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + MAX + " and offset 0 or more");
        }
        if (q != null && q.length() > 200) {
            throw new IllegalArgumentException("a search is at most 200 characters");
        }
        return this;
    }

    /** The owner's rows ({@code owner = ?1}) whose {@code fields} contain the search, if any. */
    public String where(String... fields) {
        if (!searching()) {
            return "owner = ?1";
        }
        StringBuilder or = new StringBuilder();
        for (String f : fields) {
            or.append(or.length() == 0 ? "" : " or ")
                    .append("lower(")
                    .append(f)
                    .append(") like ?2 escape '\\'");
        }
        return "owner = ?1 and (" + or + ")";
    }

    /** The parameters of {@link #where}. */
    public Object[] parameters(String owner) {
        return searching() ? new Object[] {owner, pattern()} : new Object[] {owner};
    }

    public boolean searching() {
        return q != null && !q.isBlank();
    }

    /** The LIKE pattern of the search: its own {@code %} and {@code _} match themselves. */
    public String pattern() {
        String escaped =
                q.trim()
                        .toLowerCase(Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_");
        return "%" + escaped + "%";
    }

    /**
     * The owner's page of {@code rows} (searched in {@code fields}, in {@code order}), as {@code
     * views} shows it, with the count of all that match.
     */
    public <E, V>
            io.smallrye.mutiny.Uni<org.jboss.resteasy.reactive.RestResponse<java.util.List<V>>> of(
                    io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase<E, ?> rows,
                    String owner,
                    String order,
                    java.util.function.Function<
                                    java.util.List<E>, io.smallrye.mutiny.Uni<java.util.List<V>>>
                            views,
                    String... fields) {
        Paging p = checked();
        String where = p.where(fields);
        Object[] params = p.parameters(owner);
        return rows.count(where, params)
                .chain(
                        n ->
                                rows.find(where + " order by " + order, params)
                                        .range(p.first(), p.last())
                                        .<E>list()
                                        .chain(views::apply)
                                        .map(page -> p.answer(page, n)));
    }

    /** The page of what {@code count} says matches in all. */
    public <T> org.jboss.resteasy.reactive.RestResponse<T> answer(T page, long count) {
        return org.jboss.resteasy.reactive.RestResponse.ResponseBuilder.ok(page)
                .header(TOTAL, count)
                .build();
    }

    public int first() {
        return offset;
    }

    public int last() {
        return offset + limit - 1;
    }
}
