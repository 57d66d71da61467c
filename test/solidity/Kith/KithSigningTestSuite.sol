// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

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

    /// @dev `profileId`'s custody authorizes `key` within `scopes` until `expiry`.
    function _addAppKey(uint256 profileId, address key, uint256 scopes, uint256 expiry) internal {
        vm.prank(kith.custodyOf(profileId));
        kith.addAppKey(profileId, key, scopes, expiry);
    }
}
