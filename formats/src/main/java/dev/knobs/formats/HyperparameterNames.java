package dev.knobs.formats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What people call the built-in algorithms' hyperparameters, in English and in Korean, by canonical
 * name. The search-space language resolves these to the canonical names; spaces, {@code _}, {@code
 * -} and case do not matter ({@code learning rate} = {@code Learning-Rate} = {@code learningrate}).
 */
public final class HyperparameterNames {
    private HyperparameterNames() {}

    private static final Map<String, List<String>> ALL = new LinkedHashMap<>();

    static {
        ALL.put(
                "learning_rate",
                List.of(
                        "learning rate",
                        "lr",
                        "eta",
                        "step size",
                        "학습률",
                        "학습 속도",
                        "러닝 레이트",
                        "러닝레이트",
                        "학습율"));
        ALL.put(
                "max_depth",
                List.of(
                        "max depth",
                        "maximum depth",
                        "depth",
                        "tree depth",
                        "max tree depth",
                        "최대 깊이",
                        "트리 깊이",
                        "깊이",
                        "트리의 깊이",
                        "최대 트리 깊이"));
        ALL.put(
                "n_estimators",
                List.of(
                        "number of trees",
                        "trees",
                        "num trees",
                        "n trees",
                        "tree count",
                        "estimators",
                        "number of estimators",
                        "num estimators",
                        "boosting rounds",
                        "num boost round",
                        "number of boosting rounds",
                        "rounds",
                        "트리 개수",
                        "트리 수",
                        "트리의 개수",
                        "트리의 수",
                        "나무 개수",
                        "나무 수",
                        "부스팅 라운드",
                        "부스팅 횟수",
                        "추정기 수",
                        "추정기 개수"));
        ALL.put(
                "subsample",
                List.of(
                        "subsample ratio",
                        "row subsample",
                        "row sampling",
                        "sample ratio",
                        "bagging fraction",
                        "서브샘플",
                        "서브 샘플",
                        "샘플링 비율",
                        "행 샘플링 비율"));
        ALL.put(
                "colsample_bytree",
                List.of(
                        "colsample",
                        "column sample",
                        "column subsample",
                        "column sampling",
                        "feature fraction",
                        "colsample by tree",
                        "열 샘플링 비율",
                        "열 샘플링",
                        "컬럼 샘플링 비율",
                        "특성 샘플링 비율"));
        ALL.put(
                "min_child_weight",
                List.of("min child weight", "minimum child weight", "최소 자식 가중치", "최소 자식 노드 가중치"));
        ALL.put(
                "lambda",
                List.of(
                        "l2",
                        "l2 regularization",
                        "reg lambda",
                        "l2 penalty",
                        "L2 규제",
                        "L2 정규화",
                        "람다"));
        ALL.put(
                "alpha",
                List.of(
                        "l1",
                        "l1 regularization",
                        "reg alpha",
                        "l1 penalty",
                        "L1 규제",
                        "L1 정규화",
                        "알파"));
        ALL.put(
                "gamma",
                List.of(
                        "min split loss",
                        "minimum split loss",
                        "minimum loss reduction",
                        "감마",
                        "최소 분할 손실"));
        ALL.put(
                "epochs",
                List.of(
                        "epoch",
                        "number of epochs",
                        "num epochs",
                        "n epochs",
                        "에포크",
                        "에폭",
                        "에포크 수",
                        "에폭 수",
                        "학습 횟수",
                        "반복 횟수"));
        ALL.put(
                "minibatch_size",
                List.of(
                        "batch size",
                        "batch",
                        "mini batch size",
                        "minibatch",
                        "mini batch",
                        "배치 크기",
                        "배치 사이즈",
                        "배치",
                        "미니배치 크기",
                        "미니 배치 크기"));
        ALL.put("optimizer", List.of("optimiser", "옵티마이저", "옵티마이져", "최적화기", "최적화 알고리즘"));
        ALL.put("loss", List.of("loss function", "objective function", "손실", "손실 함수", "손실함수"));
        ALL.put(
                "factors",
                List.of(
                        "number of factors",
                        "num factors",
                        "n factors",
                        "factor count",
                        "latent factors",
                        "요인 수",
                        "요인 개수",
                        "팩터 수",
                        "잠재 요인 수"));
        ALL.put("init_variance", List.of("initial variance", "init variance", "초기 분산", "초기화 분산"));
    }

    /**
     * The names of {@code hyperparameters} with their aliases; a name with no aliases (or one that
     * is itself another's alias, such as eta or trees) is left to the aliases.
     */
    public static Map<String, List<String>> of(Set<String> hyperparameters) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        ALL.forEach(
                (name, aliases) -> {
                    if (hyperparameters.contains(name)) {
                        names.put(name, aliases);
                    }
                });
        for (String h : hyperparameters) {
            boolean aliased =
                    names.values().stream().anyMatch(a -> a.contains(h)) || names.containsKey(h);
            if (!aliased) {
                names.put(h, List.of());
            }
        }
        return names;
    }
}
