package dev.skiff.broker.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EpochHistoryTest {
    private static EpochEntry e(int epoch, long start) {
        return new EpochEntry(epoch, start);
    }

    @Test
    void aDeposedMasterIsCutWhereTheNewMastersEpochBegan() {
        // old master wrote epoch 1 from 0 to 900; the new master took over at 700 with epoch 2
        List<EpochEntry> old = List.of(e(1, 0));
        List<EpochEntry> fresh = List.of(e(1, 0), e(2, 700));
        assertThat(EpochHistory.commonEnd(old, 900, fresh, 1_200)).isEqualTo(700);
    }

    @Test
    void aSlaveBehindTheNewMasterIsNotCut() {
        List<EpochEntry> slave = List.of(e(1, 0));
        List<EpochEntry> master = List.of(e(1, 0), e(2, 700));
        assertThat(EpochHistory.commonEnd(slave, 650, master, 1_200)).isEqualTo(650);
    }

    @Test
    void theNewestCommonEpochWinsAndAnEpochOnlyOneSideHasIsSkipped() {
        // local: 1@0, 3@500 (a master at epoch 3 that was cut off), 4@800 written alone
        List<EpochEntry> local = List.of(e(1, 0), e(3, 500), e(4, 800));
        List<EpochEntry> remote = List.of(e(1, 0), e(3, 500), e(5, 650));
        assertThat(EpochHistory.commonEnd(local, 1_000, remote, 2_000)).isEqualTo(650);
    }

    @Test
    void sameEpochAtAnotherStartIsNotCommon() {
        List<EpochEntry> local = List.of(e(1, 0), e(2, 300));
        List<EpochEntry> remote = List.of(e(1, 0), e(2, 400));
        assertThat(EpochHistory.commonEnd(local, 600, remote, 900)).isEqualTo(300);
    }

    @Test
    void nothingInCommonMeansStartOver() {
        assertThat(EpochHistory.commonEnd(List.of(), 500, List.of(e(1, 0)), 900))
                .isZero();
        assertThat(EpochHistory.commonEnd(List.of(e(2, 0)), 500, List.of(e(1, 0)), 900))
                .isZero();
    }

    @Test
    void neverBeyondEitherEnd() {
        List<EpochEntry> same = List.of(e(1, 0), e(2, 100));
        assertThat(EpochHistory.commonEnd(same, 5_000, same, 3_000)).isEqualTo(3_000);
        assertThat(EpochHistory.commonEnd(same, 2_000, same, 3_000)).isEqualTo(2_000);
    }
}
