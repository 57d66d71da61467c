// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IKithSignatures} from "../../contracts/interfaces/IKithSignatures.sol";
import {KithTestSuite} from "./KithTestSuite.sol";

/// @notice Shared setup for the suites that sign and relay (signatures, app keys, likes, tips): a
///         realistic clock, the private keys of the actors who sign, an app key and a relayer.
///         Each suite registers alice, bob and carol itself, in the order its tests rely on.
abstract contract KithSigningTestSuite is KithTestSuite {
    /*//////////////////////////////////////////////////////////////
                                CONSTANTS
    //////////////////////////////////////////////////////////////*/

    /// @dev A realistic clock, so that "an hour ago" and "in a month" are both positive.
    uint256 internal constant START_TIME = 1_750_000_000;

    /// @dev Reaction types, written out from the interface docs, not read from the contract
    ///      (STYLE 6): signed by the likes and signatures suites.
    string internal constant LIKE_TYPE = "Like(uint256 profileId,uint256 postId,uint256 nonce,uint256 deadline)";
    string internal constant UNLIKE_TYPE = "Unlike(uint256 profileId,uint256 postId,uint256 nonce,uint256 deadline)";

    /*//////////////////////////////////////////////////////////////
                                 STORAGE
    //////////////////////////////////////////////////////////////*/

    uint256 internal alicePk;
    uint256 internal malloryPk;
    /// @dev An app's key that a test may authorize for alice's profile.
    address internal appKey;
    uint256 internal appKeyPk;
    /// @dev Submits signed actions; holds no profile, no role, no key of anyone.
    address internal relayer;

    /// @dev Set by each suite's `setUp`.
    uint256 internal aliceId;
    uint256 internal bobId;
    uint256 internal carolId;

    /*//////////////////////////////////////////////////////////////
                                  SETUP
    //////////////////////////////////////////////////////////////*/

    function setUp() public virtual override {
        super.setUp();
        vm.warp(START_TIME);
        // Same names as KithTestSuite's actors, hence the same addresses, now with their keys.
        (, alicePk) = makeAddrAndKey("alice");
        (, malloryPk) = makeAddrAndKey("mallory");
        (appKey, appKeyPk) = makeAddrAndKey("appKey");
        relayer = makeAddr("relayer");
    }

    /*//////////////////////////////////////////////////////////////
                                 HELPERS
    //////////////////////////////////////////////////////////////*/

    /// @dev What a cancel draws for `signer` and `subject` in this block: IKithSignatures' formula,
    ///      written out again rather than read from the contract (STYLE 6).
    function _cancelRandomness(address signer, uint256 subject) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(blockhash(block.number - 1), block.prevrandao, signer, subject)));
    }

    /// @dev The nonce `target.cancelNonce(lane)` by `signer` moves the lane to if sent in this block.
    function _nonceAfterCancel(IKithSignatures target, address signer, uint128 lane) internal view returns (uint256) {
        uint256 nonce = target.nonces(signer, lane);
        return nonce + 1 + uint32(_cancelRandomness(signer, nonce));
    }

    /// @dev The epoch `target.cancelAllSignatures()` by `signer` moves to if sent in this block.
    function _epochAfterCancelAll(IKithSignatures target, address signer) internal view returns (uint256 epoch) {
        uint256 laneZero = target.nonces(signer, 0);
        uint256 previous = laneZero >> 192;
        // The stored state: epoch above lane 0's sequence.
        epoch = uint64(_cancelRandomness(signer, (previous << 64) | uint64(laneZero)));
        if (epoch == previous) epoch = uint64(epoch + 1);
    }

    /// @dev The nonce `signer` will sign first in `lane` once in `epoch`, if that epoch is new to the
    ///      lane: lane 0 keeps its sequence across epochs, other lanes start at 0.
    function _firstNonceInEpoch(IKithSignatures target, address signer, uint128 lane, uint256 epoch)
        internal
        view
        returns (uint256)
    {
        uint256 sequence = lane == 0 ? uint64(target.nonces(signer, 0)) : 0;
        return (uint256(uint64(epoch)) << 192) | (uint256(lane) << 64) | sequence;
    }

    /// @dev `profileId`'s custody authorizes `key` within `scopes` until `expiry`.
    function _addAppKey(uint256 profileId, address key, uint256 scopes, uint256 expiry) internal {
        vm.prank(kith.custodyOf(profileId));
        kith.addAppKey(profileId, key, scopes, expiry);
    }
}
